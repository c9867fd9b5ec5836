import type { RunReplayEvent } from '../../src/api/schemas';
import { cancelReplayRoute } from '../../src/functions/cancelReplay/cancelReplay';
import { resumeReplayRoute } from '../../src/functions/resumeReplay/resumeReplay';
import { answer, httpEvent, lambdaContext } from './httpEvents';
import { memoryJobs } from './memoryJobs';

export const NOW = Date.parse('2026-11-22T10:00:00Z');
export const spec = {
  source: 'event-store' as const,
  from: '2026-11-22T00:00:00Z',
  to: '2026-11-22T04:00:00Z',
};

/**
 * The resume and cancel routes over an in-memory job store at a fixed time: `call` posts an action for a
 * job id, `started` collects the runners the routes started.
 */
export const jobRoutes = () => {
  const jobs = memoryJobs({ now: () => NOW });
  const started: RunReplayEvent[] = [];
  const deps = () => ({
    jobs,
    startRunner: async (event: RunReplayEvent) => void started.push(event),
    leaseMs: 60_000,
    now: () => NOW,
    newOwner: () => 'runner:new',
  });
  const call = (action: 'resume' | 'cancel', id: string) =>
    answer(
      (action === 'resume' ? resumeReplayRoute(deps) : cancelReplayRoute(deps))(
        httpEvent('POST', `/replays/${id}/${action}`, { pathParameters: { id } }),
        lambdaContext,
      ),
    );
  return { jobs, started, call };
};
