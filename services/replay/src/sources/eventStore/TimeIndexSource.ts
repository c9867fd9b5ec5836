import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Envelope } from '@kes/envelope';
import type { ReplaySource, SourceItem, SourcePosition } from '../types';
import { hourBucket, nextBucket, normalizeTime, TIME_INDEX, timePk } from './eventsTableContract';

export interface TimeIndexSourceOptions {
  documents: DynamoDBDocumentClient;
  table: string;
  /** The store's `timeIndexShards`. */
  shards: number;
  from: string;
  to: string;
  /** Only these types (filtered by DynamoDB, so they cost no transfer). */
  types?: string[];
  /** Items per Query. Default 500. */
  pageSize?: number;
}

/** `after`: the time-index key (`<at>#<eventId>`) of the last event handled in `bucket`; none = its start. */
interface TimeIndexPosition {
  bucket: string;
  after?: string;
}

interface Page {
  items: { tsk: string; event: Envelope }[];
  next: Record<string, unknown> | undefined;
}

/** One shard's read: buffered items, and the next page already on its way (double buffering). */
interface ShardCursor {
  tpk: string;
  items: { tsk: string; event: Envelope }[];
  prefetch: Promise<Page> | undefined;
  done: boolean;
}

/**
 * Every event of a time range in time order, across the write shards of the event store's time index:
 * per hour bucket, a streaming k-way merge of one paginated Query per shard. An event is emitted only when
 * every unfinished shard has a buffered item, so the smallest head is the next event of the bucket overall
 * and the position (bucket, last key) says exactly what has been handled — even with a type filter that
 * leaves some pages empty.
 */
export class TimeIndexSource implements ReplaySource {
  readonly #options: TimeIndexSourceOptions;
  readonly #from: string;
  readonly #to: string;

  public constructor(options: TimeIndexSourceOptions) {
    this.#options = options;
    this.#from = normalizeTime(options.from);
    this.#to = normalizeTime(options.to);
  }

  public async *read(position: SourcePosition | undefined): AsyncIterable<SourceItem> {
    const start = position as TimeIndexPosition | undefined;
    const lastBucket = hourBucket(new Date(Date.parse(this.#to) - 1).toISOString());
    let bucket = start?.bucket ?? hourBucket(this.#from);
    let after = start?.after;
    while (bucket <= lastBucket) {
      const from = after;
      const cursors = await Promise.all(
        Array.from({ length: this.#options.shards }, (_, shard) => {
          const tpk = timePk(bucket, shard);
          return this.#fill(
            { tpk, items: [], prefetch: this.#page(tpk, from, undefined), done: false },
            from,
          );
        }),
      );
      for (;;) {
        let smallest: ShardCursor | undefined;
        for (const cursor of cursors) {
          const head = cursor.items[0];
          if (head && (!smallest || head.tsk < (smallest.items[0]?.tsk ?? ''))) smallest = cursor;
        }
        const item = smallest?.items.shift();
        if (!smallest || !item) break;
        after = item.tsk;
        yield { event: item.event, position: { bucket, after: item.tsk } };
        if (smallest.items.length === 0 && !smallest.done) await this.#fill(smallest, after);
      }
      bucket = nextBucket(bucket);
      after = undefined;
      yield { position: { bucket } };
    }
  }

  /** Takes pages until the shard has an item or is done (a filtered page can be empty yet not the last). */
  async #fill(cursor: ShardCursor, after: string | undefined): Promise<ShardCursor> {
    while (cursor.items.length === 0 && cursor.prefetch) {
      const page = await cursor.prefetch;
      cursor.items = page.items;
      cursor.prefetch = page.next ? this.#page(cursor.tpk, after, page.next) : undefined;
    }
    cursor.done = cursor.items.length === 0 && !cursor.prefetch;
    return cursor;
  }

  /** One Query of a shard from just after `after` (the range's start when undefined). */
  async #page(
    tpk: string,
    after: string | undefined,
    start: Record<string, unknown> | undefined,
  ): Promise<Page> {
    const types = this.#options.types;
    const result = await this.#options.documents.send(
      new QueryCommand({
        TableName: this.#options.table,
        IndexName: TIME_INDEX,
        // Keys are `<at>#<eventId>`: `from` bounds them from below as is, `to` (exclusive) from above.
        KeyConditionExpression: 'tpk = :tpk AND tsk BETWEEN :lower AND :upper',
        ExpressionAttributeValues: {
          ':tpk': tpk,
          ':lower': after ?? this.#from,
          ':upper': this.#to,
          ...Object.fromEntries((types ?? []).map((type, index) => [`:t${index}`, type])),
        },
        ...(types
          ? {
              FilterExpression: `#type IN (${types.map((_, index) => `:t${index}`).join(', ')})`,
              ExpressionAttributeNames: { '#type': 'type' },
            }
          : {}),
        Limit: this.#options.pageSize ?? 500,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return {
      items: (result.Items ?? [])
        .map((item) => ({ tsk: String(item.tsk), event: item.event as Envelope }))
        .filter((item) => item.tsk !== after),
      next: result.LastEvaluatedKey,
    };
  }
}
