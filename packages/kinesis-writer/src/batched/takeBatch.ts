import type { PutInput, PutResult } from '../types';

/** A record accepted by the batched writer, queued behind its key's earlier records. */
export interface BatchedRecord {
  id: number;
  input: PutInput;
  /** Data plus UTF-8 partition key, what counts against the per-call limit. */
  bytes: number;
  /** Calls that carried it so far. */
  attempts: number;
  putAt: number;
  resolve: (result: PutResult) => void;
  reject: (error: Error) => void;
}

/** One shard's records: per key, its queue in put order; the Map's order is the keys' turn order. */
export interface ShardLane {
  shardId: string;
  keys: Map<string, BatchedRecord[]>;
  running: boolean;
  /** Calls in a row with a record not stored: the lane's backoff exponent. */
  failedCalls: number;
}

/**
 * The next PutRecords call of a lane: the **head** record of each key, in the keys' turn order, until the
 * call holds `maxRecords` records or the next one would push it over `maxBytes`. Only heads, so a call never
 * holds two records of a key, and a key's next record waits for a later call.
 *
 * @example
 * const batch = takeBatch(lane, 500, 10 * 1024 * 1024);
 */
export const takeBatch = (lane: ShardLane, maxRecords: number, maxBytes: number): BatchedRecord[] => {
  const batch: BatchedRecord[] = [];
  let bytes = 0;
  for (const queue of lane.keys.values()) {
    const head = queue[0];
    if (!head) continue;
    // Stop rather than skip: the keys after this one keep their turn for the next call.
    if (batch.length === maxRecords || bytes + head.bytes > maxBytes) break;
    batch.push(head);
    bytes += head.bytes;
  }
  return batch;
};
