import { isDeepStrictEqual } from 'node:util';
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

type Item = Record<string, unknown>;

/** One attribute that differs between the live and the rebuilt item (undefined: absent on that side). */
export interface FieldDiff {
  field: string;
  live: unknown;
  rebuilt: unknown;
}

/** The outcome of comparing a live table with its rebuild, item by item. */
export interface TableComparison {
  liveTable: string;
  rebuiltTable: string;
  /** Attributes left out of the comparison because they may legitimately differ. */
  ignored: string[];
  live: number;
  rebuilt: number;
  equal: number;
  /** Items present on both sides with at least one attribute that differs. */
  differing: { key: string; fields: FieldDiff[] }[];
  /** Keys in the live table the rebuild lacks. */
  missing: string[];
  /** Keys in the rebuild the live table lacks. */
  extra: string[];
  /** True when every item is equal and none is missing or extra. */
  same: boolean;
}

export interface CompareOptions {
  liveTable: string;
  rebuiltTable: string;
  /** The table's (single) partition key attribute, e.g. `postId`. */
  key: string;
  /** Attributes to leave out (e.g. write timestamps); none by default. */
  ignore?: string[];
  /** Only these keys (both sides); every item when absent. */
  only?: ReadonlySet<string>;
}

/** Every item of a table, with strongly consistent reads so a write just made is seen. */
const scanAll = async (documents: DynamoDBDocumentClient, table: string): Promise<Item[]> => {
  const items: Item[] = [];
  let after: Item | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: table,
        ConsistentRead: true,
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    after = page.LastEvaluatedKey;
  } while (after);
  return items;
};

/**
 * Diffs two sets of items by key, attribute by attribute (deep equality: numbers, strings, lists and maps as
 * stored), leaving out `ignore`. Pure, so a corrupted item is reported whatever its table.
 *
 * @example
 * diffItems(liveItems, rebuiltItems, { liveTable: 'a', rebuiltTable: 'b', key: 'postId' }).same; // true when equal
 */
export const diffItems = (
  liveItems: Item[],
  rebuiltItems: Item[],
  options: CompareOptions,
): TableComparison => {
  const ignored = options.ignore ?? [];
  const byKey = (items: Item[]) =>
    new Map(
      items
        .map((item) => [String(item[options.key]), item] as const)
        .filter(([key]) => !options.only || options.only.has(key)),
    );
  const live = byKey(liveItems);
  const rebuilt = byKey(rebuiltItems);
  const differing: TableComparison['differing'] = [];
  const missing: string[] = [];
  let equal = 0;
  for (const [key, item] of [...live].sort(([a], [b]) => a.localeCompare(b))) {
    const other = rebuilt.get(key);
    if (!other) {
      missing.push(key);
      continue;
    }
    const fields = [...new Set([...Object.keys(item), ...Object.keys(other)])]
      .filter((field) => !ignored.includes(field))
      .sort()
      .filter((field) => !isDeepStrictEqual(item[field], other[field]))
      .map((field) => ({ field, live: item[field], rebuilt: other[field] }));
    if (fields.length === 0) equal++;
    else differing.push({ key, fields });
  }
  const extra = [...rebuilt.keys()].filter((key) => !live.has(key)).sort();
  return {
    liveTable: options.liveTable,
    rebuiltTable: options.rebuiltTable,
    ignored,
    live: live.size,
    rebuilt: rebuilt.size,
    equal,
    differing,
    missing,
    extra,
    same: differing.length === 0 && missing.length === 0 && extra.length === 0,
  };
};

/**
 * Scans both tables and compares them item by item ({@link diffItems}).
 *
 * @example
 * const comparison = await compareTables(documents, { liveTable, rebuiltTable, key: 'postId' });
 * if (!comparison.same) process.exitCode = 1;
 */
export const compareTables = async (
  documents: DynamoDBDocumentClient,
  options: CompareOptions,
): Promise<TableComparison> => {
  const [live, rebuilt] = await Promise.all([
    scanAll(documents, options.liveTable),
    scanAll(documents, options.rebuiltTable),
  ]);
  return diffItems(live, rebuilt, options);
};
