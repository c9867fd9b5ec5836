import { badRequest, httpRoute, respond } from '@kes/http-api';
import { jobLinks } from '../../api/jobView';
import { startReplayBodySchema } from '../../api/schemas';
import { isReplayError } from '../../errors';
import type { JobStore, ReplayJobItem } from '../../job/JobStore';
import { resolveTarget } from '../../job/resolveTarget';
import type { ReplaySpec } from '../../job/spec';
import { newRunnerOwner, type StartRunner } from '../../runner/startRunner';

export interface StartReplayDeps {
  jobs: Pick<JobStore, 'create'>;
  startRunner: StartRunner;
  /** The stage's replay stream: the default target. */
  replayStream: string;
  /** The other streams a job may target with `allowDomainTarget: true` (the runner may write only these). */
  domainStreams: string[];
  /** Every event type of the system (`@kes/contracts`' registry). */
  knownTypes: string[];
  newOwner?: () => string;
}

/** The answer of `POST /replays`. */
export interface StartedReplay {
  jobId: string;
  status: ReplayJobItem['status'];
  target: string;
  links: ReturnType<typeof jobLinks>;
}

/**
 * `POST /replays`: checks what the schema cannot (known event types, an allowed target), creates the job
 * (`pending`) and starts the runner asynchronously; 202 with the job's id and links, `Location` = the job.
 */
export const startReplay =
  (deps: StartReplayDeps) =>
  async ({ body: spec }: { body: ReplaySpec }) => {
    const unknown = (spec.types ?? []).filter((type) => !deps.knownTypes.includes(type));
    if (unknown.length > 0) {
      throw badRequest(
        'UnknownEventType',
        `unknown event type${unknown.length > 1 ? 's' : ''} ${unknown.map((t) => `"${t}"`).join(', ')}; known: ${deps.knownTypes.join(', ')}`,
        unknown.map((type) => ({
          path: `body.types.${spec.types?.indexOf(type)}`,
          message: 'not a known event type',
        })),
      );
    }
    const target = targetOf(spec, deps);
    const job = await deps.jobs.create(spec, target);
    await deps.startRunner({ jobId: job.jobId, owner: (deps.newOwner ?? newRunnerOwner)() });
    const links = jobLinks(job.jobId);
    const started: StartedReplay = { jobId: job.jobId, status: job.status, target, links };
    return respond(202, started, { location: links.self });
  };

const targetOf = (spec: ReplaySpec, deps: StartReplayDeps): string => {
  let target: string;
  try {
    target = resolveTarget(spec, deps.replayStream);
  } catch (error) {
    if (isReplayError(error, 'TargetNotAllowed'))
      throw badRequest('TargetNotAllowed', error.message, [
        { path: 'body.allowDomainTarget', message: 'must be true to replay into a domain stream' },
      ]);
    throw error;
  }
  if (target !== deps.replayStream && !deps.domainStreams.includes(target)) {
    throw badRequest(
      'UnknownTarget',
      `unknown target stream "${target}": a replay writes to ${[deps.replayStream, ...deps.domainStreams].join(', ')}`,
      [{ path: 'body.target', message: 'not a stream this service may write to' }],
    );
  }
  return target;
};

/**
 * The route: `body` validated, then `startReplay` with the dependencies `deps` gives (called per request,
 * so a handler builds its clients lazily and a test passes fakes).
 *
 * @example
 * export const handler = startReplayRoute(() => realDeps);
 */
export const startReplayRoute = (deps: () => StartReplayDeps) =>
  httpRoute({
    name: 'startReplay',
    body: startReplayBodySchema,
    handler: (input) => startReplay(deps())(input),
  });
