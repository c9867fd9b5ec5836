import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type BatchWriteAllOptions, batchWriteAll } from './batchWriteAll';

interface Pending {
  items: Map<string, Record<string, unknown>>;
  done: Promise<void>;
}

/**
 * Coalesces the writes that callers make in the same tick into shared BatchWriteItem calls: a Kinesis
 * consumer processes partition keys concurrently, and a burst over many entities gives each key one or
 * two events — alone, each would be a BatchWriteItem of one item. Every caller of a flush shares its
 * outcome (a failure rejects them all, and they retry: the writes are idempotent by key).
 */
export class WriteCoalescer {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #options: BatchWriteAllOptions;
  #pending: Pending | undefined;

  public constructor(documents: DynamoDBDocumentClient, table: string, options: BatchWriteAllOptions = {}) {
    this.#documents = documents;
    this.#table = table;
    this.#options = options;
  }

  /** Writes items keyed by `key` (a later item with the same key replaces an earlier one in the flush). */
  public write(items: Array<{ key: string; item: Record<string, unknown> }>): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    if (!this.#pending) {
      const batch = new Map<string, Record<string, unknown>>();
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.#pending?.items === batch) this.#pending = undefined;
        return batchWriteAll(this.#documents, this.#table, [...batch.values()], this.#options);
      });
      this.#pending = { items: batch, done };
    }
    for (const { key, item } of items) this.#pending.items.set(key, item);
    return this.#pending.done;
  }
}
