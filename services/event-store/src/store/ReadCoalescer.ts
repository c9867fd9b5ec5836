import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_LIMIT = 100;

type Key = { pk: string; sk: string };

/**
 * Coalesces the strongly consistent item reads callers make in the same tick into shared BatchGetItem
 * calls (100 keys each), retrying `UnprocessedKeys` with backoff — the read twin of WriteCoalescer.
 */
export class ReadCoalescer {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;
  #pending: { keys: Map<string, Key>; done: Promise<Map<string, Record<string, unknown>>> } | undefined;

  public constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  /** The item with `key`, or undefined. */
  public async get(key: Key): Promise<Record<string, unknown> | undefined> {
    const id = `${key.pk}\n${key.sk}`;
    if (!this.#pending) {
      const keys = new Map<string, Key>();
      const done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        if (this.#pending?.keys === keys) this.#pending = undefined;
        return this.#load([...keys.values()]);
      });
      this.#pending = { keys, done };
    }
    this.#pending.keys.set(id, key);
    return (await this.#pending.done).get(id);
  }

  async #load(keys: Key[]): Promise<Map<string, Record<string, unknown>>> {
    const found = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < keys.length; i += BATCH_GET_LIMIT) {
      let chunk: Record<string, unknown>[] = keys.slice(i, i + BATCH_GET_LIMIT);
      for (let attempt = 0; chunk.length > 0; attempt++) {
        if (attempt >= 10) throw new Error(`BatchGetItem left ${chunk.length} keys unprocessed`);
        if (attempt > 0) await sleep(Math.random() * Math.min(25 * 2 ** attempt, 2_000));
        const result = await this.#documents.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: chunk, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[this.#table] ?? []) found.set(`${item.pk}\n${item.sk}`, item);
        chunk = result.UnprocessedKeys?.[this.#table]?.Keys ?? [];
      }
    }
    return found;
  }
}
