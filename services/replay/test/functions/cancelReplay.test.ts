import { NOW, jobRoutes as setup, spec } from '../helpers/jobRoutes';

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
