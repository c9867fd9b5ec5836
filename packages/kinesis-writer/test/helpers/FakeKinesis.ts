import type {
  PutRecordCommand,
  PutRecordCommandInput,
  PutRecordCommandOutput,
} from '@aws-sdk/client-kinesis';
import type { PutRecordClient } from '../../src';

/** What the fake does with one PutRecord call: fail before storing (default) or store and then fail. */
export interface Fault {
  error: unknown;
  /** Store the record, then fail: a lost response, which makes the writer's retry a duplicate. */
  afterStore?: boolean;
}

/** A record the fake stored, as a consumer would read it. */
export interface StoredRecord {
  partitionKey: string;
  data: string;
  sequenceNumber: string;
  shardId: string;
}

/** A PutRecord call the test has not answered yet (manual mode). */
export interface HeldCall {
  input: PutRecordCommandInput;
  answer(): void;
}

export interface FakeKinesisOptions {
  shardCount?: number;
  /** Event-loop turns to wait before answering a call (random delays); 0 when omitted. */
  delayTurns?: () => number;
  /** Decides a call's fault; `callIndex` counts every call the fake received, from 0. */
  fault?: (input: PutRecordCommandInput, callIndex: number) => Fault | undefined;
  /** Hold every call until the test answers it through `held`. */
  manual?: boolean;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A Kinesis PutRecord endpoint in memory: assigns increasing sequence numbers per shard, stores records
 * in arrival order, and records what a test needs to check ordering — every call's input and the most
 * calls one partition key ever had in flight at once.
 */
export class FakeKinesis implements PutRecordClient {
  public readonly calls: PutRecordCommandInput[] = [];
  public readonly stored: StoredRecord[] = [];
  public readonly held: HeldCall[] = [];
  public maxInFlightPerKey = 0;
  public maxInFlight = 0;
  readonly #options: FakeKinesisOptions;
  readonly #inFlightByKey = new Map<string, number>();
  #inFlight = 0;
  #sequence = 49_600_000_000_000_000_000n;

  public constructor(options: FakeKinesisOptions = {}) {
    this.#options = options;
  }

  public async send(command: PutRecordCommand): Promise<PutRecordCommandOutput> {
    const input = command.input;
    const callIndex = this.calls.length;
    this.calls.push(input);
    const key = input.PartitionKey ?? '';
    this.#enter(key);
    try {
      if (this.#options.manual) await new Promise<void>((answer) => this.held.push({ input, answer }));
      for (let turn = this.#options.delayTurns?.() ?? 0; turn > 0; turn--) await nextTurn();
      const fault = this.#options.fault?.(input, callIndex);
      if (fault && !fault.afterStore) throw fault.error;
      const output = this.#store(input);
      if (fault) throw fault.error;
      return output;
    } finally {
      this.#leave(key);
    }
  }

  /** Answers the held calls (all of them, or those for `partitionKey`) and lets them complete. */
  public async answer(partitionKey?: string): Promise<void> {
    for (const call of this.held.filter(
      (held) => partitionKey === undefined || held.input.PartitionKey === partitionKey,
    )) {
      this.held.splice(this.held.indexOf(call), 1);
      call.answer();
    }
    await settle();
  }

  /** The data of the stored records of one key, in storage order. */
  public storedFor(partitionKey: string): string[] {
    return this.stored.filter((record) => record.partitionKey === partitionKey).map((record) => record.data);
  }

  /** The partition keys of the calls made so far, in call order. */
  public callKeys(): string[] {
    return this.calls.map((call) => call.PartitionKey ?? '');
  }

  #store(input: PutRecordCommandInput): PutRecordCommandOutput {
    this.#sequence += 1n;
    const shard =
      [...(input.PartitionKey ?? '')].reduce((sum, char) => sum + char.charCodeAt(0), 0) %
      (this.#options.shardCount ?? 4);
    const record = {
      partitionKey: input.PartitionKey ?? '',
      data: Buffer.from(input.Data ?? new Uint8Array()).toString('utf8'),
      sequenceNumber: this.#sequence.toString(),
      shardId: `shardId-${String(shard).padStart(12, '0')}`,
    };
    this.stored.push(record);
    return { SequenceNumber: record.sequenceNumber, ShardId: record.shardId, $metadata: {} };
  }

  #enter(key: string): void {
    const count = (this.#inFlightByKey.get(key) ?? 0) + 1;
    this.#inFlightByKey.set(key, count);
    this.maxInFlightPerKey = Math.max(this.maxInFlightPerKey, count);
    this.#inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
  }

  #leave(key: string): void {
    this.#inFlightByKey.set(key, (this.#inFlightByKey.get(key) ?? 1) - 1);
    this.#inFlight--;
  }
}

/** Lets every promise chain and event-loop turn pending right now run to its next real wait. */
export const settle = async (turns = 5): Promise<void> => {
  for (let turn = 0; turn < turns; turn++) await nextTurn();
};
