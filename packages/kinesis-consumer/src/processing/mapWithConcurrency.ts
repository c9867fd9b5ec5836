/**
 * Runs `worker` on every item with at most `limit` running at once, starting items in order.
 *
 * Workers are expected to handle their own errors. If one throws anyway (a bug), no further item is
 * started, the ones running are awaited, and then the first error is rethrown: nothing keeps writing
 * after the invocation has reported its failure.
 *
 * @example
 * await mapWithConcurrency([...groupByKey(records)], 8, ([key, group]) => processKey(key, group));
 */
export const mapWithConcurrency = async <T>(
  items: Iterable<T>,
  limit: number,
  worker: (item: T) => Promise<void>,
): Promise<void> => {
  // One iterator shared by every runner: each `next()` hands the next item to whichever runner is free.
  const queue = items[Symbol.iterator]();
  const errors: unknown[] = [];
  const run = async (): Promise<void> => {
    for (let next = queue.next(); !next.done && errors.length === 0; next = queue.next()) {
      try {
        await worker(next.value);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, run));
  if (errors.length > 0) throw errors[0];
};
