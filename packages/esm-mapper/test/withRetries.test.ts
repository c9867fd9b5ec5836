import { Deadline, isRetryable, MappingOperationError, TimeBudgetExceededError, withRetries } from '../src';
import { awsError } from './helpers/FakeLambda';
import { fakeClock } from './helpers/fakeClock';

const options = (clock = fakeClock(), budgetMs = 60_000, random = () => 1 - Number.EPSILON) => ({
  clock,
  deadline: new Deadline(clock, clock.now() + budgetMs),
  random,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
});

describe('withRetries', () => {
  it('draws each delay in [0, min(max, base·2^n)] (full jitter)', async () => {
    const clock = fakeClock();
    let calls = 0;
    await withRetries(
      'Op',
      async () => {
        if (++calls <= 6) throw awsError('TooManyRequestsException');
        return 'ok';
      },
      options(clock),
    );
    expect(clock.sleeps).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('uses the random draw, so many throttled callers spread out', async () => {
    const clock = fakeClock();
    let calls = 0;
    await withRetries(
      'Op',
      async () => {
        if (++calls <= 2) throw awsError('LimitExceededException');
      },
      options(clock, 60_000, () => 0.1),
    );
    expect(clock.sleeps).toEqual([10, 20]);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      withRetries(
        'Op',
        async () => {
          calls++;
          throw awsError('InvalidParameterValueException');
        },
        options(),
      ),
    ).rejects.toBeInstanceOf(MappingOperationError);
    expect(calls).toBe(1);
  });

  it('stops before a wait would cross the deadline', async () => {
    const clock = fakeClock();
    const start = clock.now();
    await expect(
      withRetries(
        'Op',
        async () => Promise.reject(awsError('LimitExceededException')),
        options(clock, 2_500),
      ),
    ).rejects.toBeInstanceOf(TimeBudgetExceededError);
    expect(clock.now() - start).toBeLessThan(2_500);
  });

  it('classifies errors', () => {
    expect(isRetryable(awsError('ResourceConflictException'))).toBe(true);
    expect(isRetryable(Object.assign(new Error('boom'), { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isRetryable(awsError('ResourceNotFoundException'))).toBe(false);
    expect(isRetryable('not an error')).toBe(false);
  });
});
