import { conflict, httpRoute } from '@kes/http-api';
import { jobView, type ReplayJobView } from '../../api/jobView';
import { requireJob } from '../../api/requireJob';
import { jobPathSchema } from '../../api/schemas';
import type { JobStore } from '../../job/JobStore';

export interface CancelReplayDeps {
  jobs: Pick<JobStore, 'get' | 'cancel'>;
  now: () => number;
}

/**
 * `POST /replays/{id}/cancel`: a `pending` or `running` job becomes `cancelled`; its runner stops at its
 * next checkpoint (at most one more batch is sent). 409 `ReplayFinished` for a finished job. A cancelled
 * job can be resumed.
 */
export const cancelReplay =
  (deps: CancelReplayDeps) =>
  async ({ path }: { path: { id: string } }): Promise<ReplayJobView> => {
    const job = await requireJob(deps.jobs, path.id);
    if (!(await deps.jobs.cancel(job.jobId))) {
      const now = await requireJob(deps.jobs, job.jobId);
      throw conflict('ReplayFinished', `replay job ${job.jobId} is already ${now.status}`);
    }
    return jobView(await requireJob(deps.jobs, job.jobId), deps.now());
  };

/**
 * The route: `path` validated, then `cancelReplay` with the dependencies `deps` gives (called per request,
 * so a handler builds its clients lazily and a test passes fakes).
 *
 * @example
 * export const handler = cancelReplayRoute(() => realDeps);
 */
export const cancelReplayRoute = (deps: () => CancelReplayDeps) =>
  httpRoute({ name: 'cancelReplay', path: jobPathSchema, handler: (input) => cancelReplay(deps())(input) });
