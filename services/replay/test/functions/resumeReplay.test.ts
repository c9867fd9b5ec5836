import { NOW, jobRoutes as setup, spec } from '../helpers/jobRoutes';

describe('POST /replays/{id}/resume', () => {
  it('makes a failed job pending again, keeping its checkpoint and counts, and starts a runner (202)', async () => {
    const { jobs, started, call } = setup();
    const job = jobs.put({
      spec,
      status: 'failed',
      error: { code: 'ResourceNotFoundException', message: 'Stream kes-test-replay not found' },
      finishedAt: new Date(NOW - 5_000).toISOString(),
      position: { bucket: '2026-11-22T02' },
      progress: { scanned: 500, sent: 400, bytes: 1 },
    });

    const response = await call('resume', job.jobId);

    expect(response.status).toBe(202);
    expect(response.headers.location).toBe(`/replays/${job.jobId}`);
    expect(response.body).toMatchObject({ status: 'pending', error: null, finishedAt: null, progress: 0.5 });
    expect(jobs.items.get(job.jobId)).toMatchObject({
      position: { bucket: '2026-11-22T02' },
      progress: { sent: 400 },
    });
    expect(started).toEqual([{ jobId: job.jobId, owner: 'runner:new' }]);
  });

  it('resumes a cancelled job, and a running one whose runner died', async () => {
    const { jobs, started, call } = setup();
    const cancelled = jobs.put({ spec, status: 'cancelled' });
    const stalled = jobs.put({ spec, status: 'running', owner: 'runner:dead', leaseUntil: NOW - 1 });

    expect((await call('resume', cancelled.jobId)).status).toBe(202);
    expect((await call('resume', stalled.jobId)).status).toBe(202);
    expect(started.map((event) => event.jobId)).toEqual([cancelled.jobId, stalled.jobId]);
  });

  it('refuses with 409 a job that is being run or has succeeded, and 404 an unknown one', async () => {
    const { jobs, started, call } = setup();
    const running = jobs.put({ spec, status: 'running', owner: 'runner:a', leaseUntil: NOW + 10_000 });
    const succeeded = jobs.put({ spec, status: 'succeeded' });

    const busy = await call('resume', running.jobId);
    const done = await call('resume', succeeded.jobId);
    const unknown = await call('resume', '0b7f1c52-51c4-4c2a-9d55-4a0f8a1f1e2d');

    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('ReplayInProgress');
    expect(busy.body.error.message).toContain('2026-11-22T10:00:10.000Z');
    expect(done.status).toBe(409);
    expect(done.body.error.code).toBe('ReplayFinished');
    expect(unknown.status).toBe(404);
    expect(started).toEqual([]);
  });
});
