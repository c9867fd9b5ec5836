import { mapWithConcurrency } from '../service/mapWithConcurrency';
import type { RecordFate, VentilateResult } from '../service/ventilate';
import type { JobCounts } from './IngestionJob';

/** Which job counter a record's fate in a batch moves (none while another fan-out holds it). */
const COUNTER: Record<RecordFate, keyof JobCounts | undefined> = {
  fetched: 'fetched',
  'already-fetched': 'fetched',
  'dead-lettered': 'deadLettered',
  'already-dead': 'deadLettered',
  failed: 'failedAttempts',
  'in-flight-elsewhere': undefined,
};

/**
 * Moves the progress counters of the jobs that enqueued the batch's records: a record already fetched
 * today (by the daily job or another request) counts as fetched for every job that asked for it. Counting
 * is idempotent per (record, job) for final fates (see `JobStore.countFate`).
 *
 * @example
 * await countJobFates(result, (key, jobId, counter) => jobStore.countFate(key, jobId, counter, Date.now()));
 */
export const countJobFates = async (
  result: Pick<VentilateResult, 'fates' | 'records'>,
  count: (
    key: { recordId: string; day: string },
    jobId: string,
    counter: keyof JobCounts,
  ) => Promise<unknown>,
): Promise<number> => {
  const work: Array<[{ recordId: string; day: string }, string, keyof JobCounts]> = [];
  for (const [id, fate] of result.fates) {
    const counter = COUNTER[fate];
    const record = result.records.get(id);
    if (!counter || !record) continue;
    for (const jobId of record.jobIds) work.push([record.key, jobId, counter]);
  }
  await mapWithConcurrency(work, 10, ([key, jobId, counter]) => count(key, jobId, counter));
  return work.length;
};
