import { conflict, httpRoute, respond } from '@kes/http-api';
import { type ContinueStalledDeps, continueStalled } from '../../api/continueStalled';
import { jobView } from '../../api/jobView';
import { requireJob } from '../../api/requireJob';
import { jobPathSchema } from '../../api/schemas';
import type { JobStore } from '../../job/JobStore';
import { newRunnerOwner } from '../../runner/startRunner';

export interface ResumeReplayDeps extends ContinueStalledDeps {
  jobs: ContinueStalledDeps['jobs'] & Pick<JobStore, 'reopen'>;
}

/**
 * `POST /replays/{id}/resume`: continues a `failed` or `cancelled` job from its last checkpoint (nothing
 * missing, at most one batch sent again), or a stalled `running`/`pending` one; 202 with the job.
 * 409 when the job is being run (`ReplayInProgress`) or has succeeded (`ReplayFinished`).
 */
export const resumeReplay =
  (deps: ResumeReplayDeps) =>
  async ({ path }: { path: { id: string } }) => {
    const job = await requireJob(deps.jobs, path.id);
    const links = { location: `/replays/${job.jobId}` };
    if (job.status === 'failed' || job.status === 'cancelled') {
      if (!(await deps.jobs.reopen(job.jobId)))
        throw conflict('ReplayChanged', `replay job ${job.jobId} changed meanwhile; read it again`);
      await deps.startRunner({ jobId: job.jobId, owner: (deps.newOwner ?? newRunnerOwner)() });
      return respond(202, jobView(await requireJob(deps.jobs, job.jobId), deps.now()), links);
    }
    if (job.status === 'succeeded')
      throw conflict(
        'ReplayFinished',
        `replay job ${job.jobId} has succeeded; start a new one to replay again`,
      );
    const continued = await continueStalled(deps, job);
    if (!continued) {
      throw conflict(
        'ReplayInProgress',
        `replay job ${job.jobId} is ${job.status}${job.leaseUntil ? ` (its runner holds it until ${new Date(job.leaseUntil).toISOString()})` : ''}; resume continues failed, cancelled or stalled jobs`,
      );
    }
    return respond(202, jobView(continued, deps.now()), links);
  };

/**
 * The route: `path` validated, then `resumeReplay` with the dependencies `deps` gives (called per request,
 * so a handler builds its clients lazily and a test passes fakes).
 *
 * @example
 * export const handler = resumeReplayRoute(() => realDeps);
 */
export const resumeReplayRoute = (deps: () => ResumeReplayDeps) =>
  httpRoute({ name: 'resumeReplay', path: jobPathSchema, handler: (input) => resumeReplay(deps())(input) });
