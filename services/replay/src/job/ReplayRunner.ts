import { hostname } from 'node:os';
import { type KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import {
  KeyBatchedWriter,
  OrderedKinesisWriter,
  type OrderedKinesisWriterOptions,
  type PutResult,
} from '@kes/kinesis-writer';
import { ShardMap } from '@kes/partition-keys';
import { WriteRateLimiter } from '../limits/WriteRateLimiter';
import type { ReplaySource, SourcePosition } from '../sources/types';
import { eventFilter } from './filters';
import type { JobProgress, JobStore, ReplayJobItem } from './JobStore';
import { DEFAULT_RATE_SHARE, type ReplaySpec } from './spec';

export interface ReplayRunnerOptions {
  jobs: Pick<JobStore, 'claim' | 'checkpoint' | 'finish' | 'get'>;
  /** A client built with `maxAttempts: 1`: the ordered writer retries without reordering. */
  kinesis: KinesisClient;
  /** The source of a job's spec. */
  sourceFor: (spec: ReplaySpec) => ReplaySource;
  /** Who runs (the lease owner). Default `<host>:<pid>:<random>`. */
  owner?: string;
  /** Records confirmed per checkpoint: a killed job re-sends at most this many. Default 1,000. */
  batchSize?: number;
  /** Checkpoint after this many events read without enough matches to fill a batch. Default 10,000. */
  checkpointEveryScanned?: number;
  /**
   * `put-record` (default): `@kes/kinesis-writer`, one chained `PutRecord` per record. `put-records`:
   * {@link KeyBatchedWriter}, `PutRecords` with at most one record per key per call — same per-key order,
   * up to 500 records per call. A job's `spec.writeMode` wins over this.
   */
  writeMode?: 'put-record' | 'put-records';
  /** Passed to the `put-record` writer (buffer size, concurrency, retries). */
  writer?: Partial<Omit<OrderedKinesisWriterOptions, 'client' | 'streamName' | 'streamArn'>>;
  /** Called after every checkpoint. */
  onProgress?: (progress: ReplayProgress) => void;
  /**
   * Asked after every checkpoint: `true` ends the run there, the job still `running` and still leased
   * to this owner, so a next run with the same `owner` continues at once (a Lambda close to its timeout
   * hands over to its next invocation this way). `run` then resolves with the `running` item.
   */
  shouldYield?: () => boolean;
  /**
   * Abandons the run at once, like a killed process: no flush, no checkpoint. The job stays `running`
   * and is resumed by the next `run` once its lease expires (or by the same owner at once).
   */
  signal?: AbortSignal;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface ReplayProgress extends JobProgress {
  jobId: string;
  position: SourcePosition | undefined;
  lastEventAt: string | undefined;
}

/** What the runner needs of a writer. */
type ReplayWriter = Pick<OrderedKinesisWriter, 'waitForRoom' | 'flush' | 'close'> & {
  put(record: { partitionKey: string; data: Uint8Array }): Promise<PutResult>;
};

/** Waits below this are carried over: the limiter's schedule is absolute, so a later sleep covers them. */
const MIN_SLEEP_MS = 5;

/**
 * Runs replay jobs: claims the job, reads its source from the last checkpoint, filters, and writes every
 * matching event to the target with the ordered writer (per partition key, the order read), paced per shard
 * to `rateShare` of Kinesis' write limit. After every `batchSize` records it waits until Kinesis confirmed
 * all of them, then records the source position and counts in the job item — so a killed run resumes with
 * nothing missing and re-sends at most the one batch that was not confirmed.
 *
 * @example
 * const runner = new ReplayRunner({ jobs, kinesis, sourceFor });
 * const job = await jobs.create(spec, resolveTarget(spec, replayStream));
 * await runner.run(job.jobId);
 */
export class ReplayRunner {
  readonly #options: ReplayRunnerOptions;
  readonly #owner: string;
  readonly #sleep: (ms: number) => Promise<void>;

  public constructor(options: ReplayRunnerOptions) {
    this.#options = options;
    this.#owner = options.owner ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Runs (or resumes) a job to its end, or until `shouldYield`; resolves with the item (`succeeded`, or
   * `running` after a yield). A failed run marks the job failed and throws.
   */
  public async run(jobId: string): Promise<ReplayJobItem> {
    const { jobs, signal } = this.#options;
    const job = await jobs.claim(jobId, this.#owner);
    let outcome: 'done' | 'yielded';
    const shards = ShardMap.from(await this.#openShards(job.target));
    const writer: ReplayWriter =
      (job.spec.writeMode ?? this.#options.writeMode) === 'put-records'
        ? new KeyBatchedWriter({ client: this.#options.kinesis, streamName: job.target, shards })
        : new OrderedKinesisWriter({
            maxBufferedRecords: 4_000,
            maxConcurrentKeys: 256,
            ...this.#options.writer,
            client: this.#options.kinesis,
            streamName: job.target,
          });
    try {
      outcome = await this.#replay(job, writer, shards);
    } catch (error) {
      if (signal?.aborted) throw error;
      const failure = error instanceof Error ? error : new Error(String(error));
      await writer.close().catch(() => undefined);
      await jobs
        .finish(jobId, this.#owner, {
          status: 'failed',
          error: { code: (failure as { code?: string }).code ?? failure.name, message: failure.message },
        })
        .catch(() => undefined);
      throw failure;
    }
    await writer.close();
    if (outcome === 'done') await jobs.finish(jobId, this.#owner, { status: 'succeeded' });
    return (await jobs.get(jobId)) as ReplayJobItem;
  }

  async #replay(job: ReplayJobItem, writer: ReplayWriter, shards: ShardMap): Promise<'done' | 'yielded'> {
    const { jobs, signal } = this.#options;
    const batchSize = this.#options.batchSize ?? 1_000;
    const checkpointEveryScanned = this.#options.checkpointEveryScanned ?? 10_000;
    const limiter = new WriteRateLimiter({
      share: job.spec.rateShare ?? DEFAULT_RATE_SHARE,
      ...(this.#options.now ? { now: this.#options.now } : {}),
    });
    const matches = eventFilter(job.spec);
    const progress: JobProgress = { ...job.progress };
    let position = job.position;
    let lastEventAt = job.lastEventAt;
    let batch = { records: 0, bytes: 0, scanned: 0, lastEventAt };
    /** The highest sequence number written per shard (Kinesis' sequence numbers grow within a shard). */
    const written: Record<string, string> = { ...job.written };
    const acknowledged = ({ shardId, sequenceNumber }: PutResult) => {
      const before = written[shardId];
      if (before === undefined || BigInt(sequenceNumber) > BigInt(before)) written[shardId] = sequenceNumber;
    };
    /** The batch's records' acknowledgements, so a checkpoint counts every one of them in `written`. */
    let acks: Promise<void>[] = [];

    const checkpoint = async () => {
      await writer.flush(); // rejects with FlushError: the checkpoint stays before this batch
      await Promise.all(acks);
      acks = [];
      signal?.throwIfAborted();
      progress.sent += batch.records;
      progress.bytes += batch.bytes;
      lastEventAt = batch.lastEventAt;
      if (position)
        await jobs.checkpoint(job.jobId, this.#owner, {
          position,
          progress,
          written,
          ...(lastEventAt ? { lastEventAt } : {}),
        });
      batch = { records: 0, bytes: 0, scanned: 0, lastEventAt };
      this.#options.onProgress?.({ jobId: job.jobId, ...progress, position, lastEventAt });
    };

    for await (const item of this.#options.sourceFor(job.spec).read(position)) {
      signal?.throwIfAborted();
      const { event } = item;
      if (event) {
        progress.scanned++;
        batch.scanned++;
        if (matches(event)) {
          const data = item.data ?? Buffer.from(JSON.stringify(event), 'utf8');
          const bytes = data.byteLength + Buffer.byteLength(event.partitionKey, 'utf8');
          const wait = limiter.delayFor(shards.shardFor(event.partitionKey), bytes);
          if (wait >= MIN_SLEEP_MS) await this.#sleep(wait);
          await writer.waitForRoom();
          signal?.throwIfAborted();
          // A failure is reported by the next flush (and breaks the key, so nothing after it is sent).
          acks.push(
            writer
              .put({ partitionKey: event.partitionKey, data })
              .then(acknowledged)
              .catch(() => undefined),
          );
          batch.records++;
          batch.bytes += bytes;
          batch.lastEventAt = event.occurredAt;
        }
      }
      position = item.position;
      if (batch.records >= batchSize || batch.scanned >= checkpointEveryScanned) {
        await checkpoint();
        // Only after a checkpoint: the next run starts exactly after what this one confirmed.
        if (this.#options.shouldYield?.()) return 'yielded';
      }
    }
    await checkpoint();
    return 'done';
  }

  async #openShards(streamName: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let token: string | undefined;
    do {
      const page = await this.#options.kinesis.send(
        new ListShardsCommand(token ? { NextToken: token } : { StreamName: streamName }),
      );
      shards.push(...(page.Shards ?? []));
      token = page.NextToken;
    } while (token);
    return shards;
  }
}
