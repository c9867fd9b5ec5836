import type { CallObservation } from '../controller/types';
import type { ClaimResult, TrackingItem } from '../store/TrackingStore';
import { trackingKey } from '../store/TrackingStore';
import { ingestionJobSchema, utcDay, type WorkerRequest, type WorkerResult } from './jobs';
import { mapWithConcurrency } from './mapWithConcurrency';

/** One Kinesis record of the batch, decoded enough to route it (the raw fields go into dead letters). */
export interface BatchRecord {
  sequenceNumber: string;
  /** base64 payload, as Kinesis delivers it. */
  data: string;
  /** Epoch ms. */
  arrivedAt: number;
}

/** Why a record left the stream without being fetched. */
export interface DeadLetterRequest {
  record: BatchRecord;
  recordId?: string;
  day?: string;
  code: 'malformed' | 'attempts-exhausted';
  message: string;
  attempts?: number;
}

/** What the ventilator needs; the handler gives it DynamoDB, Lambda and S3, unit tests give fakes. */
export interface VentilatorPorts {
  tracking: {
    readonly maxAttempts: number;
    getMany(keys: ReadonlyArray<{ recordId: string; day: string }>): Promise<Map<string, TrackingItem>>;
    claim(key: { recordId: string; day: string }, now: number, leaseMs: number): Promise<ClaimResult>;
    settle(
      key: { recordId: string; day: string },
      attempt: number,
      outcome: { status: 'fetched' | 'failed'; latencyMs: number; error?: string },
      now: number,
    ): Promise<boolean>;
    markDead(key: { recordId: string; day: string }, reason: string, now: number): Promise<void>;
  };
  invokeWorker(request: WorkerRequest): Promise<WorkerResult>;
  deadLetter(letter: DeadLetterRequest): Promise<void>;
  now(): number;
}

export interface VentilateOptions {
  /** The provider's concurrency limit: never more calls at once, whatever the batch size. */
  maxConcurrency: number;
  /** How long a claim holds: longer than the worker's timeout, so a live call is never doubled. */
  leaseMs: number;
}

/** What became of each distinct record id of the batch. */
export type RecordFate =
  | 'fetched'
  | 'already-fetched'
  | 'already-dead'
  | 'failed'
  | 'in-flight-elsewhere'
  | 'dead-lettered';

export interface VentilateResult {
  batchItemFailures: Array<{ itemIdentifier: string }>;
  /** One per provider call made (for the controller). */
  observations: CallObservation[];
  fates: Map<string, RecordFate>;
  /** Each distinct record of the batch (same keys as `fates`) and the jobs that enqueued it. */
  records: Map<string, { key: { recordId: string; day: string }; jobIds: string[] }>;
}

/**
 * Fans one batch out to the worker (article 003's ventilator): each distinct record id of the day is
 * claimed in the tracking table, fetched once, and settled; records fetched already (earlier batches,
 * retries, duplicates in this batch) are skipped; a record that failed is reported in
 * `batchItemFailures` so Kinesis redelivers it (what succeeded is skipped then), until its attempts run
 * out and it goes to the dead-letter bucket instead of blocking the shard.
 */
export const ventilate = async (
  records: readonly BatchRecord[],
  ports: VentilatorPorts,
  options: VentilateOptions,
): Promise<VentilateResult> => {
  const fates = new Map<string, RecordFate>();
  const observations: CallObservation[] = [];
  const failed = new Set<string>();
  const groups = new Map<
    string,
    { key: { recordId: string; day: string }; records: BatchRecord[]; jobIds: Set<string> }
  >();

  for (const record of records) {
    const job = decode(record);
    if (!job.success) {
      try {
        await ports.deadLetter({ record, code: 'malformed', message: job.message });
      } catch {
        failed.add(record.sequenceNumber);
      }
      continue;
    }
    const key = { recordId: job.data.recordId, day: job.data.day ?? utcDay(record.arrivedAt) };
    const id = trackingKey(key);
    const group = groups.get(id) ?? { key, records: [], jobIds: new Set<string>() };
    group.records.push(record);
    if (job.data.jobId) group.jobIds.add(job.data.jobId);
    groups.set(id, group);
  }

  const known = await ports.tracking.getMany([...groups.values()].map(({ key }) => key));
  const toFetch = [...groups.entries()].filter(([id]) => {
    const status = known.get(id)?.status;
    if (status === 'fetched') fates.set(id, 'already-fetched');
    else if (status === 'dead') fates.set(id, 'already-dead');
    else return true;
    return false;
  });

  await mapWithConcurrency(toFetch, options.maxConcurrency, async ([id, group]) => {
    const fate = await fetchOnce(group.key, group.records[0] as BatchRecord, ports, options, observations);
    fates.set(id, fate);
    if (fate === 'failed' || fate === 'in-flight-elsewhere')
      for (const record of group.records) failed.add(record.sequenceNumber);
  });

  return {
    batchItemFailures: records
      .filter((record) => failed.has(record.sequenceNumber))
      .map((record) => ({ itemIdentifier: record.sequenceNumber })),
    observations,
    fates,
    records: new Map(
      [...groups.entries()].map(([id, group]) => [id, { key: group.key, jobIds: [...group.jobIds] }]),
    ),
  };
};

const fetchOnce = async (
  key: { recordId: string; day: string },
  record: BatchRecord,
  ports: VentilatorPorts,
  options: VentilateOptions,
  observations: CallObservation[],
): Promise<RecordFate> => {
  const claim = await ports.tracking.claim(key, ports.now(), options.leaseMs);
  if (!claim.claimed) {
    const item = claim.item;
    if (item?.status === 'fetched') return 'already-fetched';
    if (item?.status === 'dead') return 'already-dead';
    if (item && item.attempts >= ports.tracking.maxAttempts && item.status === 'failed')
      return deadLetter(key, record, ports, item.attempts, item.lastError ?? 'attempts exhausted');
    // Another fan-out holds the claim (a duplicate delivery running right now): try again later.
    return 'in-flight-elsewhere';
  }
  const started = ports.now();
  let result: WorkerResult;
  try {
    result = await ports.invokeWorker(key);
  } catch (error) {
    result = { outcome: 'error', latencyMs: ports.now() - started, error: describe(error) };
  }
  observations.push({
    latencyMs: result.latencyMs,
    outcome: result.outcome,
    ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
  });
  const ok = result.outcome === 'ok';
  const error = ok
    ? undefined
    : (result.error ?? `${result.outcome}${result.status ? ` (${result.status})` : ''}`);
  await ports.tracking.settle(
    key,
    claim.attempts,
    { status: ok ? 'fetched' : 'failed', latencyMs: result.latencyMs, ...(error ? { error } : {}) },
    ports.now(),
  );
  if (ok) return 'fetched';
  if (claim.attempts >= ports.tracking.maxAttempts)
    return deadLetter(key, record, ports, claim.attempts, error ?? 'failed');
  return 'failed';
};

const deadLetter = async (
  key: { recordId: string; day: string },
  record: BatchRecord,
  ports: VentilatorPorts,
  attempts: number,
  message: string,
): Promise<RecordFate> => {
  try {
    await ports.deadLetter({ record, ...key, code: 'attempts-exhausted', message, attempts });
  } catch {
    return 'failed'; // the letter is not stored: keep the record on the stream
  }
  await ports.tracking.markDead(key, message, ports.now());
  return 'dead-lettered';
};

const decode = (
  record: BatchRecord,
):
  | { success: true; data: { recordId: string; day?: string | undefined; jobId?: string | undefined } }
  | { success: false; message: string } => {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(record.data, 'base64').toString('utf8'));
  } catch {
    return { success: false, message: 'the record is not JSON' };
  }
  const parsed = ingestionJobSchema.safeParse(json);
  return parsed.success
    ? { success: true, data: parsed.data }
    : {
        success: false,
        message: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '),
      };
};

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
