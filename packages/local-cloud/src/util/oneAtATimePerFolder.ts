import { resolve } from 'node:path';

/**
 * Runs `task` for every item: items of different folders at once, items of the same folder one after
 * another in their order. Two `serverless` runs in one service folder (compose entries sharing a path:
 * one ingestion deployment per provider) share the folder's `.serverless/` and plugin state, and
 * packaging two of them at once there has failed without a message; one at a time never collides.
 * Results come back in the items' order; the first failure rejects (after its folder's queue stops).
 *
 * @example
 * await oneAtATimePerFolder(services, (s) => join(rootDir, s.path), (s) => packageService(...));
 */
export const oneAtATimePerFolder = async <T, R>(
  items: readonly T[],
  folderOf: (item: T) => string,
  task: (item: T) => Promise<R>,
): Promise<R[]> => {
  const results = new Array<R>(items.length);
  const queues = new Map<string, number[]>();
  items.forEach((item, index) => {
    const folder = resolve(folderOf(item));
    queues.set(folder, [...(queues.get(folder) ?? []), index]);
  });
  await Promise.all(
    [...queues.values()].map(async (indexes) => {
      for (const index of indexes) results[index] = await task(items[index] as T);
    }),
  );
  return results;
};
