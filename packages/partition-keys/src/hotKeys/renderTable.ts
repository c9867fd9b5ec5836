/** A column of a text table: its header and whether its cells line up on the right (numbers). */
export interface Column {
  header: string;
  alignRight?: boolean;
}

/**
 * Renders rows as a plain-text table with two spaces between columns and no trailing spaces.
 * Internal to {@link formatHotKeyReport}.
 */
export const renderTable = (columns: readonly Column[], rows: readonly (readonly string[])[]): string[] => {
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.alignRight ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)];
};
