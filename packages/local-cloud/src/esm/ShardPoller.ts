import type { CheckpointStore } from './CheckpointStore';
import { type FilterPattern, passesFilters } from './filterPatterns';
import { type InvokeResult, MAX_PAYLOAD_BYTES } from './LambdaInvoker';
import type { IteratorPosition, ShardSource, SourceRecord } from './types';

/** The mapping settings a poller reads before every batch, so updates apply without a restart. */
export interface PollerSettings {
  functionName: string;
  enabled: boolean;
  batchSize: number;
  maximumBatchingWindowMs: number;
  startingPosition: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  startingPositionTimestampMs?: number;
  bisectBatchOnFunctionError: boolean;
  /** -1 = retry until the records expire. */
  maximumRetryAttempts: number;
  /** -1 = no limit. */
  maximumRecordAgeMs: number;
  reportBatchItemFailures: boolean;
  filters: FilterPattern[];
}

/** Why a batch was given up (the `condition` of Lambda's on-failure record). */
export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface BatchOutcome {
  shardId: string;
  size: number;
  iteratorAgeMs: number;
  durationMs: number;
  result: 'success' | 'partial' | 'error';
  errorMessage?: string;
}

export interface DiscardedBatch {
  shardId: string;
  condition: DiscardCondition;
  records: SourceRecord[];
  attempts: number;
  errorMessage?: string;
}

export interface PollerDeps {
  source: ShardSource;
  shardId: string;
  settings: () => PollerSettings;
  invoke: (functionName: string, payload: unknown) => Promise<InvokeResult>;
  checkpoints: CheckpointStore;
  /** Idle poll interval: Lambda polls each shard about once per second when there is nothing to read. */
  pollIntervalMs: number;
  onBatch: (outcome: BatchOutcome) => void;
  onDiscard: (batch: DiscardedBatch) => void;
  onError: (message: string, error: unknown) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface RetryState {
  firstSequenceNumber: string;
  attempts: number;
  sizeLimit?: number;
}

const RETRYABLE_READ = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'InternalFailure',
  'ServiceUnavailable',
  'TrimmedDataAccessException',
]);

/**
 * Reads one shard for one mapping, as Lambda does: batches of up to BatchSize records (waiting up to the
 * batching window, cut at 6 MB), one synchronous invocation at a time, checkpoints after success, the
 * lowest-sequence-number rule for partial batch responses, bisection, retry limits, record age limits
 * and filters. A closed shard is read to its end, then marked finished so its children can start.
 */
export class ShardPoller {
  readonly #deps: PollerDeps;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #buffer: SourceRecord[] = [];
  #iterator: string | undefined;
  #endOfShard = false;
  #retry: RetryState | undefined;
  #stopped = false;
  #lastError: string | undefined;
  #wake: (() => void) | undefined;

  public constructor(deps: PollerDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#sleep =
      deps.sleep ??
      ((ms) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, ms);
          this.#wake = () => {
            clearTimeout(timer);
            resolve();
          };
        }));
  }

  public stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  /** Runs until stopped, or until a closed shard is finished. Resolves `true` when the shard is finished. */
  public async run(): Promise<boolean> {
    while (!this.#stopped) {
      try {
        if (!this.#deps.settings().enabled) {
          await this.#sleep(this.#deps.pollIntervalMs);
          continue;
        }
        if (this.#iterator === undefined && !this.#endOfShard) this.#iterator = await this.#resumeIterator();
        const batch = await this.#nextBatch();
        // Disabled while the read was under way (the SDK may have retried a throttled call meanwhile):
        // keep the records buffered for when the mapping is enabled again.
        if (!this.#deps.settings().enabled) continue;
        if (batch.length === 0) {
          if (this.#endOfShard) {
            this.#deps.checkpoints.set(this.#deps.shardId, {
              ...this.#deps.checkpoints.get(this.#deps.shardId),
              finished: true,
            });
            return true;
          }
          await this.#sleep(this.#deps.pollIntervalMs);
          continue;
        }
        await this.#process(batch);
      } catch (error) {
        const name = (error as Error).name;
        // A read with an expired or trimmed iterator: get a new one at once. When GetShardIterator itself
        // fails (no iterator yet), retrying at once would spin: fall through to the pause below.
        const iteratorWasRead = this.#iterator !== undefined;
        if (
          iteratorWasRead &&
          (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException')
        ) {
          this.#iterator = undefined;
          continue;
        }
        // Throttling and transient errors are expected (and retried): say so once, not at every poll.
        if (!RETRYABLE_READ.has(name) || name !== this.#lastError) {
          this.#deps.onError(`shard ${this.#deps.shardId}: ${name}: ${(error as Error).message}`, error);
        }
        this.#lastError = name;
        await this.#sleep(Math.max(200, this.#deps.pollIntervalMs / 2));
      }
    }
    return false;
  }

  async #initialIterator(): Promise<string> {
    const checkpoint = this.#deps.checkpoints.get(this.#deps.shardId);
    if (checkpoint?.sequenceNumber) {
      return this.#deps.source.iterator(this.#deps.shardId, {
        type: 'AFTER_SEQUENCE_NUMBER',
        sequenceNumber: checkpoint.sequenceNumber,
      });
    }
    const settings = this.#deps.settings();
    // A child shard created after the mapping, or any shard of a restarted LATEST mapping, starts where
    // the mapping started, never at "now", so nothing written while the local cloud was down is skipped.
    const position: IteratorPosition =
      settings.startingPosition === 'TRIM_HORIZON'
        ? { type: 'TRIM_HORIZON' }
        : {
            type: 'AT_TIMESTAMP',
            timestampMs: settings.startingPositionTimestampMs ?? this.#deps.checkpoints.createdAtMs,
          };
    return this.#deps.source.iterator(this.#deps.shardId, position);
  }

  /** Continue after what is already buffered, or after the checkpoint, or at the starting position. */
  async #resumeIterator(): Promise<string> {
    const last =
      this.#buffer.at(-1)?.sequenceNumber ?? this.#deps.checkpoints.get(this.#deps.shardId)?.sequenceNumber;
    if (!last) return this.#initialIterator();
    return this.#deps.source.iterator(this.#deps.shardId, {
      type: 'AFTER_SEQUENCE_NUMBER',
      sequenceNumber: last,
    });
  }

  async #nextBatch(): Promise<SourceRecord[]> {
    const settings = this.#deps.settings();
    const limit = Math.min(this.#retry?.sizeLimit ?? settings.batchSize, settings.batchSize);
    const deadline = this.#now() + settings.maximumBatchingWindowMs;
    while (this.#buffer.length < limit && this.#iterator !== undefined && !this.#stopped) {
      const { records, nextIterator } = await this.#deps.source.read(
        this.#deps.shardId,
        this.#iterator,
        limit - this.#buffer.length,
      );
      this.#buffer.push(...records);
      this.#iterator = nextIterator;
      if (nextIterator === undefined) this.#endOfShard = true;
      else if (records.length === 0 && this.#deps.source.reacquireIteratorWhenEmpty)
        this.#iterator = undefined;
      const waitMs = deadline - this.#now();
      if (waitMs <= 0 || this.#bytes(this.#buffer) >= MAX_PAYLOAD_BYTES) break;
      if (records.length === 0) await this.#sleep(Math.min(waitMs, this.#deps.pollIntervalMs));
    }
    return this.#cut(this.#buffer.slice(0, limit));
  }

  /** The largest prefix whose invocation payload fits Lambda's 6 MB (at least one record). */
  #cut(records: SourceRecord[]): SourceRecord[] {
    let bytes = 64;
    for (let i = 0; i < records.length; i++) {
      bytes += (records[i]?.sizeBytes ?? 0) + 1;
      if (bytes > MAX_PAYLOAD_BYTES) return records.slice(0, Math.max(i, 1));
    }
    return records;
  }

  #bytes(records: SourceRecord[]): number {
    return records.reduce((sum, record) => sum + record.sizeBytes, 0);
  }

  async #process(batch: SourceRecord[]): Promise<void> {
    const settings = this.#deps.settings();
    if (settings.maximumRecordAgeMs >= 0) {
      const now = this.#now();
      const expired = batch.filter((record) => now - record.arrivalMs > settings.maximumRecordAgeMs);
      if (expired.length > 0) {
        this.#discard(expired, 'RecordAgeExceeded', this.#retry?.attempts ?? 0);
        this.#acknowledge(expired.length);
        return;
      }
    }
    const delivered = batch.filter((record) => passesFilters(settings.filters, record.filterView));
    if (delivered.length === 0) {
      this.#acknowledge(batch.length);
      return;
    }
    const last = delivered.at(-1) as SourceRecord;
    const iteratorAgeMs = Math.max(0, this.#now() - last.arrivalMs);
    const result = await this.#deps.invoke(settings.functionName, {
      Records: delivered.map((record) => record.eventRecord),
    });
    const outcome = {
      shardId: this.#deps.shardId,
      size: delivered.length,
      iteratorAgeMs,
      durationMs: result.durationMs,
    };
    if (!result.ok) {
      this.#deps.onBatch({
        ...outcome,
        result: 'error',
        errorMessage: `${result.errorType}: ${result.errorMessage}`,
      });
      await this.#failed(batch, `${result.errorType}: ${result.errorMessage}`);
      return;
    }
    const failures = settings.reportBatchItemFailures
      ? parseBatchItemFailures(result.payload, delivered)
      : [];
    if (failures === 'invalid') {
      this.#deps.onBatch({ ...outcome, result: 'error', errorMessage: 'invalid batchItemFailures response' });
      await this.#failed(batch, 'The function returned an invalid batchItemFailures response');
      return;
    }
    if (failures.length === 0) {
      this.#deps.onBatch({ ...outcome, result: 'success' });
      this.#retry = undefined;
      this.#acknowledge(batch.length);
      return;
    }
    this.#deps.onBatch({ ...outcome, result: 'partial' });
    // Lambda checkpoints just before the lowest reported sequence number and retries from there.
    const firstFailed = batch.findIndex((record) => failures.includes(record.sequenceNumber));
    this.#acknowledge(firstFailed);
    await this.#retryFrom(batch.slice(firstFailed), undefined, 'partial batch failure');
  }

  async #failed(batch: SourceRecord[], errorMessage: string): Promise<void> {
    const settings = this.#deps.settings();
    const first = batch[0] as SourceRecord;
    const sameBatch = this.#retry?.firstSequenceNumber === first.sequenceNumber;
    if (settings.bisectBatchOnFunctionError && batch.length > 1) {
      // Splitting does not use up a retry.
      this.#retry = {
        firstSequenceNumber: first.sequenceNumber,
        attempts: sameBatch ? (this.#retry?.attempts ?? 0) : 0,
        sizeLimit: Math.ceil(batch.length / 2),
      };
      return;
    }
    await this.#retryFrom(batch, this.#retry?.sizeLimit, errorMessage);
  }

  async #retryFrom(
    records: SourceRecord[],
    sizeLimit: number | undefined,
    errorMessage: string,
  ): Promise<void> {
    const first = records[0] as SourceRecord;
    const attempts =
      (this.#retry?.firstSequenceNumber === first.sequenceNumber ? this.#retry.attempts : 0) + 1;
    const max = this.#deps.settings().maximumRetryAttempts;
    if (max >= 0 && attempts > max) {
      this.#discard(records, 'RetryAttemptsExhausted', attempts, errorMessage);
      this.#acknowledge(records.length);
      this.#retry = undefined;
      return;
    }
    this.#retry = {
      firstSequenceNumber: first.sequenceNumber,
      attempts,
      ...(sizeLimit ? { sizeLimit } : {}),
    };
    await this.#sleep(Math.min(100 * 2 ** Math.min(attempts - 1, 6), 5_000));
  }

  #discard(
    records: SourceRecord[],
    condition: DiscardCondition,
    attempts: number,
    errorMessage?: string,
  ): void {
    this.#deps.onDiscard({
      shardId: this.#deps.shardId,
      condition,
      records,
      attempts,
      ...(errorMessage ? { errorMessage } : {}),
    });
  }

  /** Drops the first `count` buffered records and checkpoints after the last of them. */
  #acknowledge(count: number): void {
    if (count <= 0) return;
    const done = this.#buffer.splice(0, count);
    const last = done.at(-1);
    if (last) this.#deps.checkpoints.set(this.#deps.shardId, { sequenceNumber: last.sequenceNumber });
  }
}

/**
 * Reads `{ batchItemFailures: [{ itemIdentifier }] }`. Null, an empty object or an empty list is success;
 * an identifier that is missing, empty or not a sequence number of the batch makes the response invalid,
 * which Lambda treats as a failure of the whole batch.
 */
export const parseBatchItemFailures = (payload: unknown, delivered: SourceRecord[]): string[] | 'invalid' => {
  if (payload === null || payload === undefined || payload === '') return [];
  if (typeof payload !== 'object' || Array.isArray(payload)) return 'invalid';
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return [];
  if (!Array.isArray(failures)) return 'invalid';
  const known = new Set(delivered.map((record) => record.sequenceNumber));
  const identifiers: string[] = [];
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '' || !known.has(id)) return 'invalid';
    identifiers.push(id);
  }
  return identifiers;
};
