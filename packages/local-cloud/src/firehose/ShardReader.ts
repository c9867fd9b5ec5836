import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type GetShardIteratorCommandInput,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import type { BufferedRecord } from './types';

const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'InternalFailure',
  'ServiceUnavailable',
  'KMSThrottlingException',
]);

export interface ShardReaderDeps {
  kinesis: KinesisClient;
  streamName: string;
  shardId: string;
  /** Where to start: after the checkpoint, or at the delivery stream's creation. */
  start: { afterSequenceNumber: string } | { atTimestampMs: number };
  /** Firehose reads each shard once per second (a standard consumer: it shares the shard's 5 reads/s). */
  readIntervalMs: number;
  /** Takes the records read; resolves when the delivery stream has room for more. */
  onRecords: (records: BufferedRecord[]) => Promise<void>;
  /** The shard is closed and every record of it was handed over (the last sequence number, if any). */
  onEnd: (lastSequenceNumber: string | undefined) => void;
  /** A read failed; throttling is expected and retried (counted, said once). */
  onError: (name: string, message: string) => void;
  sleep: (ms: number) => Promise<void>;
}

/** Reads one shard of the source stream for one delivery stream, as a standard (polling) consumer. */
export class ShardReader {
  readonly #deps: ShardReaderDeps;
  #stopped = false;
  #lastRead: string | undefined;
  #done: Promise<void> | undefined;

  public constructor(deps: ShardReaderDeps) {
    this.#deps = deps;
    if ('afterSequenceNumber' in deps.start) this.#lastRead = deps.start.afterSequenceNumber;
  }

  public start(): void {
    this.#done ??= this.#run();
  }

  public async stop(): Promise<void> {
    this.#stopped = true;
    await this.#done;
  }

  async #iterator(): Promise<string | undefined> {
    const { kinesis, streamName, shardId } = this.#deps;
    const input: GetShardIteratorCommandInput = this.#lastRead
      ? {
          StreamName: streamName,
          ShardId: shardId,
          ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
          StartingSequenceNumber: this.#lastRead,
        }
      : // AT_TIMESTAMP, read as TRIM_HORIZON and the older records skipped: kinesalite never answers
        // AT_TIMESTAMP on a shard with no record at or after the timestamp (its read stream's head()).
        { StreamName: streamName, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' };
    return (await kinesis.send(new GetShardIteratorCommand(input))).ShardIterator;
  }

  async #run(): Promise<void> {
    const { kinesis, readIntervalMs, sleep } = this.#deps;
    let iterator: string | undefined;
    while (!this.#stopped) {
      try {
        iterator ??= await this.#iterator();
        if (!iterator) return this.#deps.onEnd(this.#lastRead);
        const response = await kinesis.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }),
        );
        const from = 'atTimestampMs' in this.#deps.start ? this.#deps.start.atTimestampMs : 0;
        const read = (response.Records ?? []).map(
          (record): BufferedRecord => ({
            shardId: this.#deps.shardId,
            sequenceNumber: record.SequenceNumber ?? '',
            partitionKey: record.PartitionKey ?? '',
            data: Buffer.from(record.Data ?? new Uint8Array()),
            arrivalMs: record.ApproximateArrivalTimestamp?.getTime() ?? Date.now(),
          }),
        );
        if (read.length > 0) this.#lastRead = read[read.length - 1]?.sequenceNumber;
        const records = read.filter((record) => record.arrivalMs >= from);
        if (records.length > 0) await this.#deps.onRecords(records);
        iterator = response.NextShardIterator ?? undefined;
        if (!iterator) return this.#deps.onEnd(this.#lastRead);
      } catch (error) {
        const { name, message } = error as Error;
        iterator = undefined; // expired, trimmed or unknown: ask again from the last record read
        this.#deps.onError(name, message);
        if (!RETRYABLE.has(name) && name !== 'ExpiredIteratorException') await sleep(readIntervalMs);
      }
      await sleep(readIntervalMs);
    }
  }
}
