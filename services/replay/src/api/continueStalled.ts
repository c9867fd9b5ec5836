import type { JobStore, ReplayJobItem } from '../job/JobStore';
import { newRunnerOwner, type StartRunner } from '../runner/startRunner';

/** What handing a stalled job to a new runner needs. */
export interface ContinueStalledDeps {
  jobs: Pick<JobStore, 'get' | 'takeOver'>;
  startRunner: StartRunner;
  /** The job store's lease: a `pending` job untouched this long lost its start. */
  leaseMs: number;
  now: () => number;
  newOwner?: () => string;
}

/**
 * Whether nobody is working on a job that should run: `running` with an expired lease (its runner
 * crashed, timed out or could not start its next invocation) or `pending` for longer than a lease.
 *
 * @example
 * isStalled(job, Date.now(), 60_000); // true for a running job whose leaseUntil has passed
 */
export const isStalled = (job: ReplayJobItem, now: number, leaseMs: number): boolean =>
  (job.status === 'running' && (job.leaseUntil ?? 0) < now) ||
  (job.status === 'pending' && Date.parse(job.updatedAt) < now - leaseMs);

/**
 * Hands a stalled job to a new chain of runner invocations: takes it over for a new owner (conditional,
 * so of several watchers exactly one starts a runner) and starts the runner as that owner. Resolves with
 * the job as it is now, or undefined when the job was not stalled.
 *
 * @example
 * const continued = await continueStalled(deps, job);
 */
export const continueStalled = async (
  deps: ContinueStalledDeps,
  job: ReplayJobItem,
): Promise<ReplayJobItem | undefined> => {
  if (!isStalled(job, deps.now(), deps.leaseMs)) return undefined;
  const owner = (deps.newOwner ?? newRunnerOwner)();
  if (!(await deps.jobs.takeOver(job.jobId, owner))) return deps.jobs.get(job.jobId);
  await deps.startRunner({ jobId: job.jobId, owner });
  return deps.jobs.get(job.jobId);
};
