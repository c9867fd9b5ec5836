import type { Logger } from '@aws-lambda-powertools/logger';
import { advanceJob, type EnqueuePorts, type JobRun } from '../jobs/advanceJob';
import type { JobStore } from '../jobs/JobStore';
import { utcDay } from '../service/jobs';
import type { WindowCheck } from './IngestionWindows';

export interface RunEnqueuePorts extends EnqueuePorts {
  jobs: EnqueuePorts['jobs'] & Pick<JobStore, 'ensureDaily' | 'listOpen'>;
  windows: EnqueuePorts['windows'] & { nextAllowed(at: number): number | undefined };
  logger?: Pick<Logger, 'info'>;
}

/** What one scheduled run did. */
export interface EnqueueRunResult {
  check: WindowCheck;
  /** While held: when calls are allowed again (ISO). */
  nextAllowedAt?: string;
  enqueued: number;
  jobs: JobRun[];
}

/**
 * One turn of a provider's enqueue schedule. Outside its allowed windows (off-peak only, maintenance) it
 * enqueues nothing and says why and until when. Inside, it makes sure today's daily job exists (the
 * provider's catalogue for the UTC day), then advances every open job that is due (`notBefore` passed),
 * oldest first, within the run's budget. Safe to run twice at once or after a crash: a job's lease and
 * cursor let at most one page be enqueued twice.
 *
 * @example
 * const result = await runEnqueue(ports, { records: 50_000, until: Date.now() + 240_000 });
 */
export const runEnqueue = async (
  ports: RunEnqueuePorts,
  budget: { records: number; until: number },
): Promise<EnqueueRunResult> => {
  const now = ports.now();
  const check = ports.windows.check(now);
  if (!check.allowed) {
    const next = ports.windows.nextAllowed(now);
    const nextAllowedAt = next === undefined ? undefined : new Date(next).toISOString();
    ports.logger?.info('ingestion enqueue held', { ...check, nextAllowedAt });
    return { check, ...(nextAllowedAt ? { nextAllowedAt } : {}), enqueued: 0, jobs: [] };
  }
  await ports.jobs.ensureDaily(utcDay(now), now);
  const due = (await ports.jobs.listOpen()).filter((job) => (job.notBefore ?? 0) <= now);
  const runs: JobRun[] = [];
  let enqueued = 0;
  for (const job of due) {
    const left = { records: budget.records - enqueued, until: budget.until };
    if (left.records <= 0 || ports.now() >= left.until) break;
    const run = await advanceJob(job.jobId, ports, left);
    runs.push(run);
    enqueued += run.enqueued;
    if (run.outcome === 'window-closed') break;
  }
  ports.logger?.info('ingestion enqueue', { enqueued, jobs: runs });
  return { check, enqueued, jobs: runs };
};
