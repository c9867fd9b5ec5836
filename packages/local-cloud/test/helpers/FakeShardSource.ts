import type { IteratorPosition, ReadResult, ShardInfo, ShardSource, SourceRecord } from '../../src/esm/types';
import { SHARD_ID, STREAM_ARN } from './sourceRecords';

interface StoredRecord {
  record: SourceRecord;
  /** The record cannot be read before this time (by the injected clock). */
  visibleAtMs: number;
}

interface IteratorState {
  index: number;
  /** Once stale, the iterator never sees another record (DynamoDB Local's quirk after an empty read). */
  stale: boolean;
}

export interface FakeShardSourceOptions {
  shardId?: string;
  /** The shard is closed: a read that reaches its end returns no next iterator. */
  closed?: boolean;
  reacquireIteratorWhenEmpty?: boolean;
  /** After a read that returned nothing, the next iterator never sees new records. */
  staleIteratorAfterEmptyRead?: boolean;
  /** The clock that decides which records are visible; records are visible at once without it. */
  now?: () => number;
}

const awsError = (name: string): Error => Object.assign(new Error(`${name} (fake)`), { name });

/**
 * One in-memory shard behind the ShardSource interface: records in sequence order, iterators as
 * positions, records that appear at a given time, an optional closed end, and scripted errors.
 */
export class FakeShardSource implements ShardSource {
  public readonly kind = 'kinesis' as const;
  public readonly arn = STREAM_ARN;
  public readonly reacquireIteratorWhenEmpty: boolean;
  public readonly shardId: string;
  /** Every GetShardIterator asked for, in order. */
  public readonly iteratorRequests: IteratorPosition[] = [];
  /** Every read, with the limit asked for and how many records it returned. */
  public readonly reads: Array<{ limit: number; returned: number }> = [];
  readonly #records: StoredRecord[] = [];
  readonly #iterators = new Map<string, IteratorState>();
  readonly #readErrors: string[] = [];
  readonly #iteratorErrors: string[] = [];
  readonly #options: FakeShardSourceOptions;
  #closed: boolean;
  #listShardsGate: Promise<void> | undefined;
  /** How many times the shards were listed. */
  public listShardsCalls = 0;
  #nextIteratorId = 0;

  public constructor(records: SourceRecord[] = [], options: FakeShardSourceOptions = {}) {
    this.#options = options;
    this.shardId = options.shardId ?? SHARD_ID;
    this.#closed = options.closed ?? false;
    this.reacquireIteratorWhenEmpty = options.reacquireIteratorWhenEmpty ?? false;
    this.append(records);
  }

  /** Adds records at the end of the shard, readable from `visibleAtMs` on. */
  public append(records: SourceRecord[], visibleAtMs = 0): void {
    for (const record of records) this.#records.push({ record, visibleAtMs });
  }

  public close(): void {
    this.#closed = true;
  }

  /** The next `count` reads fail with an AWS error called `name`. */
  public failReads(name: string, count = 1): void {
    for (let i = 0; i < count; i++) this.#readErrors.push(name);
  }

  /** The next `count` GetShardIterator calls fail with an AWS error called `name`. */
  public failIterators(name: string, count = 1): void {
    for (let i = 0; i < count; i++) this.#iteratorErrors.push(name);
  }

  /** Holds every listShards call from now on until the returned function is called. */
  public holdListShards(): () => void {
    let release = () => {};
    this.#listShardsGate = new Promise<void>((resolve) => {
      release = () => {
        this.#listShardsGate = undefined;
        resolve();
      };
    });
    return release;
  }

  public async listShards(): Promise<ShardInfo[]> {
    this.listShardsCalls += 1;
    await this.#listShardsGate;
    return [{ shardId: this.shardId, parentShardIds: [], closed: this.#closed }];
  }

  public async iterator(shardId: string, position: IteratorPosition): Promise<string> {
    this.#expectShard(shardId);
    this.iteratorRequests.push(position);
    const error = this.#iteratorErrors.shift();
    if (error) throw awsError(error);
    return this.#newIterator({ index: this.#indexOf(position), stale: false });
  }

  public async read(shardId: string, iterator: string, limit: number): Promise<ReadResult> {
    this.#expectShard(shardId);
    const error = this.#readErrors.shift();
    if (error) {
      this.reads.push({ limit, returned: 0 });
      throw awsError(error);
    }
    const state = this.#iterators.get(iterator);
    if (!state) throw new Error(`Unknown iterator ${iterator}`);
    const now = this.#options.now?.() ?? Number.POSITIVE_INFINITY;
    const records: SourceRecord[] = [];
    if (!state.stale) {
      for (let i = state.index; i < this.#records.length && records.length < limit; i++) {
        const stored = this.#records[i] as StoredRecord;
        if (stored.visibleAtMs > now) break;
        records.push(stored.record);
      }
    }
    this.reads.push({ limit, returned: records.length });
    const index = state.index + records.length;
    if (this.#closed && index >= this.#records.length) return { records, nextIterator: undefined };
    const stale = state.stale || (records.length === 0 && this.#options.staleIteratorAfterEmptyRead === true);
    return { records, nextIterator: this.#newIterator({ index, stale }) };
  }

  #newIterator(state: IteratorState): string {
    const id = `iterator-${this.#nextIteratorId++}`;
    this.#iterators.set(id, state);
    return id;
  }

  #indexOf(position: IteratorPosition): number {
    const sequenceIndex = (sequenceNumber: string) => {
      const index = this.#records.findIndex((stored) => stored.record.sequenceNumber === sequenceNumber);
      if (index < 0) throw new Error(`No record ${sequenceNumber} in the fake shard`);
      return index;
    };
    switch (position.type) {
      case 'TRIM_HORIZON':
        return 0;
      case 'LATEST':
        return this.#records.length;
      case 'AT_TIMESTAMP': {
        const index = this.#records.findIndex((stored) => stored.record.arrivalMs >= position.timestampMs);
        return index < 0 ? this.#records.length : index;
      }
      case 'AT_SEQUENCE_NUMBER':
        return sequenceIndex(position.sequenceNumber);
      case 'AFTER_SEQUENCE_NUMBER':
        return sequenceIndex(position.sequenceNumber) + 1;
    }
  }

  #expectShard(shardId: string): void {
    if (shardId !== this.shardId) throw new Error(`The fake source has no shard ${shardId}`);
  }
}
