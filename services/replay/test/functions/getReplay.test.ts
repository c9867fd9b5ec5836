import type { RunReplayEvent } from '../../src/api/schemas';
import { getReplayRoute } from '../../src/functions/getReplay/getReplay';
import { answer, httpEvent, lambdaContext } from '../helpers/httpEvents';
import { memoryJobs } from '../helpers/memoryJobs';

const NOW = Date.parse('2026-11-22T10:00:00Z');
const spec = {
  source: 'event-store' as const,
  from: '2026-11-22T00:00:00Z',
  to: '2026-11-22T04:00:00Z',
  rateShare: 0.5,
};

const setup = () => {
  const jobs = memoryJobs({ now: () => NOW, leaseMs: 60_000 });
  const started: RunReplayEvent[] = [];
  let owners = 0;
  const route = getReplayRoute(() => ({
    jobs,
    startRunner: async (event) => void started.push(event),
    leaseMs: 60_000,
    now: () => NOW,
    newOwner: () => `runner:${++owners}`,
  }));
  const get = (id: string) =>
    answer(route(httpEvent('GET', `/replays/${id}`, { pathParameters: { id } }), lambdaContext));
  return { jobs, started, get };
};

describe('GET /replays/{id}', () => {
  it('shows a running job: counts, progress in the range from its checkpoint, rate, lease', async () => {
    const { jobs, get, started } = setup();
    const job = jobs.put({
      spec,
      status: 'running',
      owner: 'runner:a',
      leaseUntil: NOW + 30_000,
      startedAt: new Date(NOW - 100_000).toISOString(),
      progress: { scanned: 12_000, sent: 8_000, bytes: 2_400_000 },
      // One hour of four done: the time index's checkpoint key is at 01:00.
      position: { bucket: '2026-11-22T01', after: '2026-11-22T01:00:00.000Z#e1' },
      lastEventAt: '2026-11-22T01:00:00.000Z',
      attempts: 1,
    });

    const response = await get(job.jobId);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      jobId: job.jobId,
      status: 'running',
      spec,
      target: 'kes-test-replay',
      counts: { read: 12_000, sent: 8_000, confirmed: 8_000, bytes: 2_400_000 },
      progress: 0.25,
      rate: 80,
      rateShare: 0.5,
      lastEventAt: '2026-11-22T01:00:00.000Z',
      leaseUntil: '2026-11-22T10:00:30.000Z',
      error: null,
      links: { self: `/replays/${job.jobId}` },
    });
    expect(started).toEqual([]);
  });

  it('shows a failed job’s error, and 1 as the progress of a succeeded one', async () => {
    const { jobs, get } = setup();
    const failed = jobs.put({
      spec,
      status: 'failed',
      error: { code: 'ResourceNotFoundException', message: 'gone' },
    });
    const succeeded = jobs.put({ spec, status: 'succeeded' });

    expect((await get(failed.jobId)).body.error).toEqual({
      code: 'ResourceNotFoundException',
      message: 'gone',
    });
    expect((await get(succeeded.jobId)).body.progress).toBe(1);
  });

  it('hands a running job whose lease expired (its runner died) to one new runner, however many watch', async () => {
    const { jobs, get, started } = setup();
    const job = jobs.put({ spec, status: 'running', owner: 'runner:dead', leaseUntil: NOW - 1 });

    const [first, second] = await Promise.all([get(job.jobId), get(job.jobId)]);

    expect(started).toEqual([{ jobId: job.jobId, owner: 'runner:1' }]);
    expect(jobs.items.get(job.jobId)).toMatchObject({ owner: 'runner:1', leaseUntil: NOW + 60_000 });
    expect(first.body.leaseUntil).toBe('2026-11-22T10:01:00.000Z');
    expect(second.status).toBe(200);
  });

  it('starts a pending job whose start was lost (untouched for a lease period)', async () => {
    const { jobs, get, started } = setup();
    const fresh = jobs.put({ spec, updatedAt: new Date(NOW - 1_000).toISOString() });
    const lost = jobs.put({ spec, updatedAt: new Date(NOW - 120_000).toISOString() });

    await get(fresh.jobId);
    await get(lost.jobId);

    expect(started).toEqual([{ jobId: lost.jobId, owner: 'runner:1' }]);
  });

  it('answers 404 with a JSON error for an unknown id, 400 for a malformed one', async () => {
    const { get } = setup();

    const unknown = await get('0b7f1c52-51c4-4c2a-9d55-4a0f8a1f1e2d');
    const malformed = await get('not-a-job');

    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({
      code: 'ReplayNotFound',
      message: 'No replay job 0b7f1c52-51c4-4c2a-9d55-4a0f8a1f1e2d',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('ValidationError');
    expect(malformed.body.error.message).toMatch(/path\.id: must be a replay job id/);
  });
});
