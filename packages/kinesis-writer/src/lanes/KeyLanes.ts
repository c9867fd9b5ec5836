import type { KinesisWriterError, PutRecordFailedError } from '../errors';
import type { PutInput, PutResult } from '../types';

/** A record accepted by `put`, waiting for its acknowledgement. */
export interface PendingRecord {
  /** Call order across the writer; `flush` reports failures of records put before it. */
  id: number;
  input: PutInput;
  /** The key's epoch when `put` was called; the key breaking since then means the record must not be sent. */
  epoch: number;
  putAt: number;
  resolve: (result: PutResult) => void;
  reject: (error: KinesisWriterError) => void;
}

/** Everything the writer knows about one partition key. */
export interface KeyLane {
  readonly key: string;
  /** Accepted records in call order; while `sending`, the head is the one in flight. */
  queue: PendingRecord[];
  /** A PutRecord (or its backoff) for the head of `queue` is under way. */
  sending: boolean;
  /** In the line for a concurrency slot, or sending: the key must not be lined up twice. */
  scheduled: boolean;
  /** The key's last acknowledged sequence number: the next PutRecord's `SequenceNumberForOrdering`. */
  lastSequenceNumber: string | undefined;
  /** The failure that stopped the key, until `resetKey`. */
  broken: PutRecordFailedError | undefined;
  /** The key's latest failure, kept after `resetKey` to explain why older `put`s are rejected. */
  lastFailure: PutRecordFailedError | undefined;
  /** Bumped when the key breaks: a record `put` before the failure is never sent after it, reset or not. */
  epoch: number;
  /** `put` calls for this key waiting for room. */
  waitingForRoom: number;
}

const isIdle = (lane: KeyLane): boolean =>
  lane.queue.length === 0 && !lane.scheduled && lane.broken === undefined && lane.waitingForRoom === 0;

/**
 * The writer's partition keys, least recently used first. Idle keys beyond `maxTracked` are forgotten
 * (with their last sequence number); a key with records, a `put` waiting for room, or a failure is kept,
 * because forgetting it would lose order or silently un-break it.
 *
 * @example
 * const lanes = new KeyLanes(10_000);
 * const lane = lanes.get('post-1'); // created on first use
 */
export class KeyLanes {
  readonly #maxTracked: number;
  readonly #lanes = new Map<string, KeyLane>();

  public constructor(maxTracked: number) {
    this.#maxTracked = maxTracked;
  }

  /** Number of keys remembered. */
  public get size(): number {
    return this.#lanes.size;
  }

  /** The key's lane, created on first use, and marked most recently used. */
  public get(key: string): KeyLane {
    const lane = this.#lanes.get(key) ?? {
      key,
      queue: [],
      sending: false,
      scheduled: false,
      lastSequenceNumber: undefined,
      broken: undefined,
      lastFailure: undefined,
      epoch: 0,
      waitingForRoom: 0,
    };
    // Re-inserting moves the key to the end of the Map's insertion order: the most recently used end.
    this.#lanes.delete(key);
    this.#lanes.set(key, lane);
    return lane;
  }

  /** The key's lane if it is remembered; does not change recency. */
  public peek(key: string): KeyLane | undefined {
    return this.#lanes.get(key);
  }

  /** Keys waiting for `resetKey`. */
  public brokenCount(): number {
    let count = 0;
    for (const lane of this.#lanes.values()) if (lane.broken) count++;
    return count;
  }

  /** Forgets least recently used idle keys until at most `maxTracked` remain (or only busy ones do). */
  public trim(): void {
    if (this.#lanes.size <= this.#maxTracked) return;
    for (const [key, lane] of this.#lanes) {
      if (this.#lanes.size <= this.#maxTracked) return;
      if (isIdle(lane)) this.#lanes.delete(key);
    }
  }
}
