import type { RunReplayEvent } from '../../src/api/schemas';
import { cancelReplayRoute } from '../../src/functions/cancelReplay/cancelReplay';
import { resumeReplayRoute } from '../../src/functions/resumeReplay/resumeReplay';
import { answer, httpEvent, lambdaContext } from '../helpers/httpEvents';
import { memoryJobs } from '../helpers/memoryJobs';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const spec = { source: 'event-store' as const, from: '2026-11-22T00:00:00Z', to: '2026-11-22T04:00:00Z' };

const setup = () => {
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

describe('POST /replays/{id}/cancel', () => {
  it('cancels a running job and releases its lease; a finished job is a 409', async () => {
    const { jobs, call } = setup();
    const running = jobs.put({ spec, status: 'running', owner: 'runner:a', leaseUntil: NOW + 10_000 });
    const succeeded = jobs.put({ spec, status: 'succeeded' });

    const cancelled = await call('cancel', running.jobId);
    const again = await call('cancel', running.jobId);
    const finished = await call('cancel', succeeded.jobId);

    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', leaseUntil: null });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(`replay job ${running.jobId} is already cancelled`);
    expect(finished.status).toBe(409);
  });
});
