import { httpRoute } from '@kes/http-api';
import { type ContinueStalledDeps, continueStalled } from '../../api/continueStalled';
import { jobView, type ReplayJobView } from '../../api/jobView';
import { requireJob } from '../../api/requireJob';
import { jobPathSchema } from '../../api/schemas';

/**
 * `GET /replays/{id}`: the job's status, spec, counts, progress, rate, times and last error; 404 for an
 * unknown id. A job nobody works on (a `running` job whose lease expired: its runner died) is handed to
 * a new runner on the way (decision 0025), so watching a job is enough to keep it going.
 */
export const getReplay =
  (deps: ContinueStalledDeps) =>
  async ({ path }: { path: { id: string } }): Promise<ReplayJobView> => {
    const job = await requireJob(deps.jobs, path.id);
    const current = (await continueStalled(deps, job)) ?? job;
    return jobView(current, deps.now());
  };

/**
 * The route: `path` validated, then `getReplay` with the dependencies `deps` gives (called per request,
 * so a handler builds its clients lazily and a test passes fakes).
 *
 * @example
 * export const handler = getReplayRoute(() => realDeps);
 */
export const getReplayRoute = (deps: () => ContinueStalledDeps) =>
  httpRoute({ name: 'getReplay', path: jobPathSchema, handler: (input) => getReplay(deps())(input) });
