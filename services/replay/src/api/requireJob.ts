import { notFound } from '@kes/http-api';
import type { JobStore, ReplayJobItem } from '../job/JobStore';

/**
 * The job, or a 404 `ReplayNotFound` the caller can act on.
 *
 * @example
 * const job = await requireJob(jobs, path.id);
 */
export const requireJob = async (jobs: Pick<JobStore, 'get'>, jobId: string): Promise<ReplayJobItem> => {
  const job = await jobs.get(jobId);
  if (!job) throw notFound('ReplayNotFound', `No replay job ${jobId}`);
  return job;
};
