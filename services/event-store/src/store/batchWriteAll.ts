import { setTimeout as sleep } from 'node:timers/promises';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchWriteItem takes at most 25 requests. */
export const BATCH_WRITE_LIMIT = 25;

export interface BatchWriteAllOptions {
  /** Calls in flight at once. Default 4. */
  concurrency?: number;
  /** Attempts per chunk before giving up on what is still unprocessed. Default 10. */
  maxAttempts?: number;
  /** Backoff before attempt n (n ≥ 1): full jitter on 25 ms × 2^n, at most 2 s. Injectable for tests. */
  delay?: (attempt: number) => Promise<unknown>;
}

export class UnprocessedItemsError extends Error {
  public readonly code = 'UnprocessedItems';
  public readonly unprocessed: number;

  public constructor(unprocessed: number, attempts: number) {
    super(`BatchWriteItem left ${unprocessed} items unprocessed after ${attempts} attempts`);
    this.name = 'UnprocessedItemsError';
    this.unprocessed = unprocessed;
  }
}

const backoff = (attempt: number) => sleep(Math.random() * Math.min(25 * 2 ** attempt, 2_000));

/**
 * Puts every item with BatchWriteItem, 25 per call, a few calls at once, and retries the items DynamoDB
 * returns as `UnprocessedItems` (throttling, a hot partition) with exponential backoff and jitter until
 * all are written. Items must be idempotent by key: a retry may write one again, which is harmless.
 * Two items with the same key in one call are refused by DynamoDB, so callers pass distinct keys.
 *
 * @example
 * await batchWriteAll(documents, 'events', items);
 */
export const batchWriteAll = async (
  documents: DynamoDBDocumentClient,
  table: string,
  items: Record<string, unknown>[],
  options: BatchWriteAllOptions = {},
): Promise<void> => {
  const { concurrency = 4, maxAttempts = 10, delay = backoff } = options;
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT)
    chunks.push(items.slice(i, i + BATCH_WRITE_LIMIT));

  const writeChunk = async (chunk: Record<string, unknown>[]) => {
    let requests = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt >= maxAttempts) throw new UnprocessedItemsError(requests.length, attempt);
      if (attempt > 0) await delay(attempt);
      const result = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (result.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      if (chunk) await writeChunk(chunk);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
};
