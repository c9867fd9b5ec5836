/**
 * Merges `options` over `defaults`, the one place a factory resolves its options. An option passed as
 * `undefined` keeps its default, so callers can forward their own optional settings as they are.
 */
export const withDefaults = <D extends object, O extends object>(
  defaults: D,
  options: O,
): Omit<O, keyof D> & D => {
  const merged: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged as Omit<O, keyof D> & D;
};
