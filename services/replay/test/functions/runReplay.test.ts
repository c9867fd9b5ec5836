import { LeaseLostError, type ReplayJobItem } from '../../src';
import { runReplay } from '../../src/functions/runReplay/runReplay';

const item = (status: ReplayJobItem['status'], sent: number) =>
  ({ jobId: 'job-1', status, progress: { scanned: sent, sent, bytes: 0 } }) as ReplayJobItem;

const setup = (run: () => Promise<ReplayJobItem>, startRunner = async () => undefined) => {
  const asked: boolean[] = [];
  const invoke = runReplay({
    runnerFor: (owner, shouldYield) => {
      asked.push(shouldYield());
      expect(owner).toBe('runner:1');
      return { run };
    },
    startRunner,
    marginMs: 60_000,
    log: () => undefined,
  });
  return { asked, invoke };
};

describe('runReplay (one invocation)', () => {
  it('tells the runner to yield once less than the margin is left', async () => {
    const { asked, invoke } = setup(async () => item('succeeded', 5));
    await invoke({ jobId: 'job-1', owner: 'runner:1' }, { getRemainingTimeInMillis: () => 59_999 });
    await invoke({ jobId: 'job-1', owner: 'runner:1' }, { getRemainingTimeInMillis: () => 600_000 });
    expect(asked).toEqual([true, false]);
  });

  it('starts the next invocation with the same owner when the runner yielded', async () => {
    const started: unknown[] = [];
    const { invoke } = setup(
      async () => item('running', 2000),
      async (event?: unknown) => void started.push(event),
    );

    const outcome = await invoke(
      { jobId: 'job-1', owner: 'runner:1' },
      { getRemainingTimeInMillis: () => 1 },
    );

    expect(outcome).toEqual({ jobId: 'job-1', outcome: 'continued', sent: 2000 });
    expect(started).toEqual([{ jobId: 'job-1', owner: 'runner:1' }]);
  });

  it('throws when the next invocation cannot be started, so Lambda retries the event', async () => {
    const { invoke } = setup(
      async () => item('running', 2000),
      async () => {
        throw new Error('TooManyRequestsException');
      },
    );

    await expect(
      invoke({ jobId: 'job-1', owner: 'runner:1' }, { getRemainingTimeInMillis: () => 1 }),
    ).rejects.toThrow('TooManyRequestsException');
  });

  it('ends quietly when another runner holds the job, and reports a failure without throwing', async () => {
    const held = setup(async () => {
      throw new LeaseLostError('job-1');
    });
    const broken = setup(async () => {
      throw Object.assign(new Error('Stream kes-dev-replay not found'), {
        name: 'ResourceNotFoundException',
      });
    });
    const context = { getRemainingTimeInMillis: () => 600_000 };

    expect(await held.invoke({ jobId: 'job-1', owner: 'runner:1' }, context)).toMatchObject({
      outcome: 'skipped',
    });
    expect(await broken.invoke({ jobId: 'job-1', owner: 'runner:1' }, context)).toEqual({
      jobId: 'job-1',
      outcome: 'failed',
      error: { code: 'ResourceNotFoundException', message: 'Stream kes-dev-replay not found' },
    });
  });
});
