import type { CheckpointStore } from './CheckpointStore';
import { type FilterPattern, passesFilters } from './filterPatterns';
import { type InvokeResult, MAX_PAYLOAD_BYTES } from './LambdaInvoker';
import { splitIntoLanes } from './lanes';
import {
  MAX_WINDOW_STATE_BYTES,
  type OpenWindow,
  stateOf,
  windowEventFields,
  windowStartOf,
} from './tumblingWindow';
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
  /** 1–10 concurrent batches per shard, per-key order kept (1 when a tumbling window is set). */
  parallelizationFactor?: number;
  /** 0 = no tumbling window. */
  tumblingWindowMs?: number;
}

/** Why a batch was given up (the `condition` of Lambda's on-failure record). */
export type DiscardCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface BatchOutcome {
  shardId: string;
  size: number;
  iteratorAgeMs: number;
  durationMs: number;
  result: 'success' | 'partial' | 'error';
  /** Records the function processed successfully (all of them on success, those before the first failure on a partial one). */
  delivered: number;
  /** The sequence number of the last of those records; none when it processed none. */
  lastDeliveredSequenceNumber?: string;
  errorMessage?: string;
}

export interface DiscardedBatch {
  shardId: string;
  condition: DiscardCondition;
  records: SourceRecord[];
  /** Invocations of these records before they were given up (Lambda's approximateInvokeCount). */
  attempts: number;
  errorMessage?: string;
  /** `Unhandled` when the last invocation failed with a function error (Lambda's responseContext.functionError). */
  functionError?: string;
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
  /** Waits for this mapping's turn to read the shard, when reads are scheduled (ShardReadScheduler). */
  beforeRead?: () => Promise<void>;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface RetryState {
  firstSequenceNumber: string;
  attempts: number;
  sizeLimit?: number;
}

/** Records processed in order, one batch at a time: the whole shard, or one lane of it. */
interface Lane {
  /** Records read and not yet done, in shard order. */
  readonly queue: SourceRecord[];
  retry: RetryState | undefined;
  /** The first `count` queued records are done (processed, filtered out or discarded). */
  acknowledge(count: number): void;
}

interface Failure {
  errorMessage: string;
  functionError?: string;
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
 * batching window, cut at 6 MB), checkpoints after success, the lowest-sequence-number rule for partial
 * batch responses, bisection, retry limits, record age limits and filters. With a ParallelizationFactor
 * above 1, records are split into lanes by key and the lanes run concurrently, each in order; the
 * checkpoint only moves past a record once every lane is done with everything before it. With a
 * tumbling window, the function's state is carried between the invocations of a window, and a final
 * invocation closes it. A closed shard is read to its end, then marked finished so its children start.
 */
export class ShardPoller {
  readonly #deps: PollerDeps;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #buffer: SourceRecord[] = [];
  #iterator: string | undefined;
  #endOfShard = false;
  #stopped = false;
  #lastError: string | undefined;
  #wake: (() => void) | undefined;
  /** The whole shard as one lane (ParallelizationFactor 1). */
  readonly #shard: Lane;
  #window: OpenWindow | undefined;
  /** With a window open, the checkpoint waits for the window's final invocation. */
  #heldCheckpoint: string | undefined;

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
    this.#shard = {
      queue: this.#buffer,
      retry: undefined,
      acknowledge: (count) => {
        const last = this.#buffer.splice(0, Math.max(count, 0)).at(-1);
        if (last) this.#checkpoint(last.sequenceNumber);
      },
    };
  }

  public stop(): void {
    this.#stopped = true;
    this.#wake?.();
  }

  /** Runs until stopped, or until a closed shard is finished. Resolves `true` when the shard is finished. */
  public async run(): Promise<boolean> {
    while (!this.#stopped) {
      try {
        const settings = this.#deps.settings();
        if (!settings.enabled) {
          await this.#sleep(this.#deps.pollIntervalMs);
          continue;
        }
        if (this.#iterator === undefined && !this.#endOfShard) this.#iterator = await this.#resumeIterator();
        const lanes = laneCount(settings);
        const batch = await this.#nextBatch(lanes);
        // Disabled while the read was under way (the SDK may have retried a throttled call meanwhile):
        // keep the records buffered for when the mapping is enabled again.
        if (!this.#deps.settings().enabled) continue;
        if (this.#window && this.#windowIsOver(batch)) {
          await this.#closeWindow(false);
          continue;
        }
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
        if (lanes === 1) await this.#process(this.#shard, batch);
        else await this.#processInLanes(batch, lanes);
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

  /** The next batch (one lane), or the next records for every lane to share (`lanes` batches' worth). */
  async #nextBatch(lanes: number): Promise<SourceRecord[]> {
    const settings = this.#deps.settings();
    const limit =
      lanes === 1
        ? Math.min(this.#shard.retry?.sizeLimit ?? settings.batchSize, settings.batchSize)
        : settings.batchSize * lanes;
    const deadline = this.#now() + settings.maximumBatchingWindowMs;
    while (this.#buffer.length < limit && this.#iterator !== undefined && !this.#stopped) {
      await this.#deps.beforeRead?.();
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
    const next = this.#buffer.slice(0, limit);
    return lanes === 1 ? this.#cut(next) : next;
  }

  /**
   * The largest prefix whose invocation payload fits Lambda's 6 MB (at least one record), and that stays
   * within one tumbling window.
   */
  #cut(records: SourceRecord[]): SourceRecord[] {
    const windowMs = this.#deps.settings().tumblingWindowMs ?? 0;
    const first = records[0];
    const windowStart = first && windowMs > 0 ? windowStartOf(first, windowMs) : undefined;
    let bytes = 64;
    for (let i = 0; i < records.length; i++) {
      const record = records[i] as SourceRecord;
      if (windowStart !== undefined && windowStartOf(record, windowMs) !== windowStart) {
        return records.slice(0, i);
      }
      bytes += record.sizeBytes + 1;
      if (bytes > MAX_PAYLOAD_BYTES) return records.slice(0, Math.max(i, 1));
    }
    return records;
  }

  #bytes(records: SourceRecord[]): number {
    return records.reduce((sum, record) => sum + record.sizeBytes, 0);
  }

  /**
   * Runs the lanes of these records concurrently, each in shard order with its own retries and
   * bisection, and moves the shard's checkpoint to the end of the longest prefix every lane is done with.
   */
  async #processInLanes(records: SourceRecord[], factor: number): Promise<void> {
    const done = new Set<string>();
    let watermark = 0;
    const lanes = splitIntoLanes(records, factor).map(
      (queue): Lane => ({
        queue,
        retry: undefined,
        acknowledge: (count) => {
          for (const record of queue.splice(0, Math.max(count, 0))) done.add(record.sequenceNumber);
          const before = watermark;
          while (
            watermark < records.length &&
            done.has((records[watermark] as SourceRecord).sequenceNumber)
          ) {
            watermark += 1;
          }
          if (watermark > before) this.#checkpoint((records[watermark - 1] as SourceRecord).sequenceNumber);
        },
      }),
    );
    await Promise.all(lanes.map((lane) => this.#drain(lane)));
    // What every lane finished leaves the buffer; the rest (after a stop or a disable) is read again.
    this.#buffer.splice(0, watermark);
  }

  async #drain(lane: Lane): Promise<void> {
    while (lane.queue.length > 0 && !this.#stopped && this.#deps.settings().enabled) {
      const batchSize = this.#deps.settings().batchSize;
      await this.#process(
        lane,
        this.#cut(lane.queue.slice(0, Math.min(lane.retry?.sizeLimit ?? batchSize, batchSize))),
      );
    }
  }

  async #process(lane: Lane, batch: SourceRecord[]): Promise<void> {
    const settings = this.#deps.settings();
    if (settings.maximumRecordAgeMs >= 0) {
      const now = this.#now();
      const expired = batch.filter((record) => now - record.arrivalMs > settings.maximumRecordAgeMs);
      if (expired.length > 0) {
        this.#discard(expired, 'RecordAgeExceeded', lane.retry?.attempts ?? 0);
        lane.acknowledge(expired.length);
        return;
      }
    }
    const delivered = batch.filter((record) => passesFilters(settings.filters, record.filterView));
    if (delivered.length === 0) {
      lane.acknowledge(batch.length);
      return;
    }
    const last = delivered.at(-1) as SourceRecord;
    const iteratorAgeMs = Math.max(0, this.#now() - last.arrivalMs);
    const windowMs = settings.tumblingWindowMs ?? 0;
    if (windowMs > 0 && !this.#window) {
      const startMs = windowStartOf(delivered[0] as SourceRecord, windowMs);
      this.#window = { startMs, endMs: startMs + windowMs, state: {} };
    }
    const records = delivered.map((record) => record.eventRecord);
    const window = this.#window;
    const result = await this.#deps.invoke(
      settings.functionName,
      window ? { Records: records, ...this.#windowFields(window, false, false) } : { Records: records },
    );
    const outcome = {
      shardId: this.#deps.shardId,
      size: delivered.length,
      iteratorAgeMs,
      durationMs: result.durationMs,
    };
    if (!result.ok) {
      const errorMessage = `${result.errorType}: ${result.errorMessage}`;
      this.#deps.onBatch({ ...outcome, result: 'error', delivered: 0, errorMessage });
      await this.#failed(lane, batch, { errorMessage, functionError: 'Unhandled' });
      return;
    }
    const state = window ? stateOf(result.payload) : undefined;
    if (state === 'missing') {
      this.#deps.onBatch({
        ...outcome,
        result: 'error',
        delivered: 0,
        errorMessage: 'no state in the response',
      });
      await this.#failed(lane, batch, {
        errorMessage: 'The function response of a tumbling window invocation did not contain a state',
      });
      return;
    }
    const failures = settings.reportBatchItemFailures
      ? parseBatchItemFailures(result.payload, delivered)
      : [];
    if (failures === 'invalid') {
      this.#deps.onBatch({
        ...outcome,
        result: 'error',
        delivered: 0,
        errorMessage: 'invalid batchItemFailures response',
      });
      await this.#failed(lane, batch, {
        errorMessage: 'The function returned an invalid batchItemFailures response',
      });
      return;
    }
    if (window && state) window.state = state;
    if (failures.length === 0) {
      this.#deps.onBatch({
        ...outcome,
        result: 'success',
        delivered: delivered.length,
        lastDeliveredSequenceNumber: last.sequenceNumber,
      });
      lane.retry = undefined;
      lane.acknowledge(batch.length);
      await this.#endWindowIfStateTooLarge();
      return;
    }
    // Lambda checkpoints just before the lowest reported sequence number and retries from there.
    const firstFailed = batch.findIndex((record) => failures.includes(record.sequenceNumber));
    const failedSequenceNumber = (batch[firstFailed] as SourceRecord).sequenceNumber;
    const deliveredBeforeFailure = delivered.findIndex(
      (record) => record.sequenceNumber === failedSequenceNumber,
    );
    const lastDelivered = delivered[deliveredBeforeFailure - 1];
    this.#deps.onBatch({
      ...outcome,
      result: 'partial',
      delivered: deliveredBeforeFailure,
      ...(lastDelivered ? { lastDeliveredSequenceNumber: lastDelivered.sequenceNumber } : {}),
    });
    lane.acknowledge(firstFailed);
    await this.#retryFrom(lane, batch.slice(firstFailed), undefined, {
      errorMessage: 'partial batch failure',
    });
  }

  async #failed(lane: Lane, batch: SourceRecord[], failure: Failure): Promise<void> {
    const settings = this.#deps.settings();
    const first = batch[0] as SourceRecord;
    const sameBatch = lane.retry?.firstSequenceNumber === first.sequenceNumber;
    if (settings.bisectBatchOnFunctionError && batch.length > 1) {
      // Splitting does not use up a retry.
      lane.retry = {
        firstSequenceNumber: first.sequenceNumber,
        attempts: sameBatch ? (lane.retry?.attempts ?? 0) : 0,
        sizeLimit: Math.ceil(batch.length / 2),
      };
      return;
    }
    await this.#retryFrom(lane, batch, lane.retry?.sizeLimit, failure);
  }

  async #retryFrom(
    lane: Lane,
    records: SourceRecord[],
    sizeLimit: number | undefined,
    failure: Failure,
  ): Promise<void> {
    const first = records[0] as SourceRecord;
    const attempts = (lane.retry?.firstSequenceNumber === first.sequenceNumber ? lane.retry.attempts : 0) + 1;
    const max = this.#deps.settings().maximumRetryAttempts;
    if (max >= 0 && attempts > max) {
      this.#discard(records, 'RetryAttemptsExhausted', attempts, failure);
      lane.acknowledge(records.length);
      lane.retry = undefined;
      return;
    }
    lane.retry = {
      firstSequenceNumber: first.sequenceNumber,
      attempts,
      ...(sizeLimit ? { sizeLimit } : {}),
    };
    await this.#sleep(backoffMs(attempts));
  }

  #discard(records: SourceRecord[], condition: DiscardCondition, attempts: number, failure?: Failure): void {
    this.#deps.onDiscard({
      shardId: this.#deps.shardId,
      condition,
      records,
      attempts,
      ...(failure?.errorMessage ? { errorMessage: failure.errorMessage } : {}),
      ...(failure?.functionError ? { functionError: failure.functionError } : {}),
    });
  }

  /** Checkpoints after this record, or holds the checkpoint back until the open window is closed. */
  #checkpoint(sequenceNumber: string): void {
    if (this.#window) {
      this.#heldCheckpoint = sequenceNumber;
      return;
    }
    this.#deps.checkpoints.set(this.#deps.shardId, { sequenceNumber });
  }

  #windowFields(window: OpenWindow, final: boolean, terminatedEarly: boolean) {
    return windowEventFields(window, this.#deps.shardId, this.#deps.source.arn, { final, terminatedEarly });
  }

  /** The open window is over when the next records belong to a later one, or its end has passed. */
  #windowIsOver(batch: SourceRecord[]): boolean {
    const window = this.#window as OpenWindow;
    const first = batch[0];
    if (!first) return this.#endOfShard || this.#now() >= window.endMs;
    return windowStartOf(first, window.endMs - window.startMs) !== window.startMs;
  }

  /**
   * The final invocation of the open window (no records, `isFinalInvokeForWindow`): once it succeeds the
   * state is dropped and the checkpoint moves on; until then, processing of the shard waits, as on AWS.
   * An early end (state over 1 MB) continues the same window with a fresh state.
   */
  async #closeWindow(terminatedEarly: boolean): Promise<boolean> {
    const window = this.#window as OpenWindow;
    const settings = this.#deps.settings();
    const result = await this.#deps.invoke(settings.functionName, {
      Records: [],
      ...this.#windowFields(window, true, terminatedEarly),
    });
    if (!result.ok) {
      this.#deps.onError(
        `shard ${this.#deps.shardId}: final invocation of window ${window.startMs} failed (${result.errorType}: ${result.errorMessage}); retrying`,
        undefined,
      );
      await this.#sleep(backoffMs(1));
      return false;
    }
    if (terminatedEarly) window.state = {};
    else this.#window = undefined;
    const held = this.#heldCheckpoint;
    this.#heldCheckpoint = undefined;
    if (held) this.#deps.checkpoints.set(this.#deps.shardId, { sequenceNumber: held });
    return true;
  }

  async #endWindowIfStateTooLarge(): Promise<void> {
    const window = this.#window;
    if (!window || Buffer.byteLength(JSON.stringify(window.state)) <= MAX_WINDOW_STATE_BYTES) return;
    while (!this.#stopped && !(await this.#closeWindow(true))) {
      // retried until it succeeds
    }
  }
}

/** Concurrent batches per shard: the ParallelizationFactor, except with a tumbling window (one state per shard). */
const laneCount = (settings: PollerSettings): number =>
  (settings.tumblingWindowMs ?? 0) > 0 ? 1 : Math.min(Math.max(settings.parallelizationFactor ?? 1, 1), 10);

const backoffMs = (attempts: number): number => Math.min(100 * 2 ** Math.min(attempts - 1, 6), 5_000);

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
