import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../domain/types';
import { type EventStore, TIME_INDEX } from './EventStore';
import { earliest, hourBucket, nextBucket, timePk } from './keys';

/** Where a time-range read stopped: every event of the range up to (bucket, after) has been seen. */
export interface MergePosition {
  bucket: string;
  /** The time-index sort key (`<at>#<eventId>`) of the last event seen in `bucket`; none = its start. */
  after?: string;
}

export interface TimeRangeQuery {
  /** Normalised times: `from` ≤ occurredAt < `to`. */
  from: string;
  to: string;
  type?: string;
  limit: number;
  position?: MergePosition;
}

export interface TimeRangePage {
  events: StoredEvent[];
  /** Where to continue, or undefined when the range is exhausted. */
  position: MergePosition | undefined;
}

export interface TimeRangeReaderOptions {
  /** Rounds (one Query per write shard, in parallel) per page before answering with what it has. Default 24. */
  maxRounds?: number;
}

interface ShardRead {
  items: { tsk: string; event: StoredEvent }[];
  /** The last key the shard's Query evaluated when it has more, else undefined (the shard is done). */
  frontier: string | undefined;
}

/**
 * Reads events in time order across the write shards of the time index: each round queries every shard
 * of one hour bucket from the merge position, then emits only what is certainly next in the global order
 * — events up to the lowest key a still-unfinished shard has reached (a k-way merge over paginated,
 * filtered Queries). The position is one key, because every shard sorts by the same `<at>#<eventId>`.
 *
 * An empty hour still costs a round, so one page does at most `maxRounds` rounds and may come back short
 * (even empty) with a position to continue from.
 */
export class TimeRangeReader {
  readonly #store: EventStore;
  readonly #maxRounds: number;

  public constructor(store: EventStore, options: TimeRangeReaderOptions = {}) {
    this.#store = store;
    this.#maxRounds = options.maxRounds ?? 24;
  }

  public async page(query: TimeRangeQuery): Promise<TimeRangePage> {
    const lastBucket = hourBucket(new Date(Date.parse(query.to) - 1).toISOString());
    let position: MergePosition | undefined = query.position ?? { bucket: hourBucket(query.from) };
    const events: StoredEvent[] = [];
    for (let round = 0; position && events.length < query.limit && round < this.#maxRounds; round++) {
      if (position.bucket > lastBucket) {
        position = undefined;
        break;
      }
      const need = query.limit - events.length;
      const reads = await Promise.all(
        Array.from({ length: this.#store.timeShards }, (_, shard) =>
          this.#readShard(timePk(position?.bucket ?? '', shard), query, position?.after, need),
        ),
      );
      const frontiers = reads.flatMap((read) => (read.frontier === undefined ? [] : [read.frontier]));
      const frontier = earliest(frontiers);
      const ready = reads
        .flatMap((read) => read.items)
        .filter((item) => frontier === undefined || item.tsk <= frontier)
        .sort((a, b) => (a.tsk < b.tsk ? -1 : a.tsk > b.tsk ? 1 : 0));
      const taken = ready.slice(0, need);
      for (const item of taken) events.push(item.event);
      const last = taken.at(-1)?.tsk;
      if (taken.length === need && last !== undefined) position = { bucket: position.bucket, after: last };
      else if (frontier !== undefined) position = { bucket: position.bucket, after: frontier };
      else position = { bucket: nextBucket(position.bucket) };
    }
    if (position && position.bucket > lastBucket) position = undefined;
    return { events, position };
  }

  async #readShard(
    tpk: string,
    query: TimeRangeQuery,
    after: string | undefined,
    need: number,
  ): Promise<ShardRead> {
    // Sort keys are `<at>#<eventId>`: `from` bounds them from below as is; `to` (exclusive) from above.
    const lower = after ?? query.from;
    const upper = query.to;
    const input: QueryCommandInput = {
      TableName: this.#store.table,
      IndexName: TIME_INDEX,
      KeyConditionExpression: 'tpk = :tpk AND tsk BETWEEN :lower AND :upper',
      ExpressionAttributeValues: {
        ':tpk': tpk,
        ':lower': lower,
        ':upper': upper,
        ...(query.type ? { ':type': query.type } : {}),
      },
      ...(query.type
        ? { FilterExpression: '#type = :type', ExpressionAttributeNames: { '#type': 'type' } }
        : {}),
      // One more than needed: `lower` may be the last key already emitted, which is dropped below.
      Limit: need + 1,
    };
    const result = await this.#store.documents.send(new QueryCommand(input));
    const items = (result.Items ?? [])
      .map((item) => ({ tsk: String(item.tsk), event: item.event as StoredEvent }))
      .filter((item) => item.tsk !== after);
    const frontier = result.LastEvaluatedKey ? String(result.LastEvaluatedKey.tsk) : undefined;
    return { items, frontier };
  }
}
