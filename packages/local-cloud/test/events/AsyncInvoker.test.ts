import type { InvokeResult } from '../../src/esm/LambdaInvoker';
import { AsyncInvoker, type AttemptOutcome, failureKind } from '../../src/events/AsyncInvoker';
import type { AsyncInvokeConfig } from '../../src/events/types';
import { FakeTimers } from '../helpers/FakeTimers';

const OK: InvokeResult = { ok: true, payload: null, durationMs: 5 };
const FUNCTION_ERROR: InvokeResult = { ok: false, errorType: 'Error', errorMessage: 'boom', durationMs: 5 };
const UNREACHABLE: InvokeResult = {
  ok: false,
  errorType: 'ServiceException',
  errorMessage: "Could not reach the function's runtime",
  durationMs: 1,
};
const NOT_FOUND: InvokeResult = {
  ok: false,
  errorType: 'ResourceNotFoundException',
  errorMessage: 'no',
  durationMs: 0,
};

/** A function whose attempts answer `answers` in turn (the last one repeats), recording when each came. */
const harness = (answers: InvokeResult[], config?: AsyncInvokeConfig) => {
  const timers = new FakeTimers(Date.parse('2026-11-22T10:00:00Z'));
  const calls: number[] = [];
  const outcomes: AttemptOutcome[] = [];
  const invoker = new AsyncInvoker({
    invoke: async () => {
      calls.push(timers.now());
      return answers[Math.min(calls.length - 1, answers.length - 1)] as InvokeResult;
    },
    timers,
    configOf: () => config,
  });
  const start = timers.now();
  const invoke = () => invoker.invoke('fn', { hello: 1 }, (outcome) => outcomes.push(outcome));
  const secondsAfterStart = () => calls.map((at) => (at - start) / 1000);
  return { timers, invoker, invoke, outcomes, secondsAfterStart };
};

describe('AsyncInvoker (Lambda asynchronous invocation)', () => {
  it('classifies failures as Lambda’s queue does', () => {
    expect(failureKind(OK)).toBeUndefined();
    expect(failureKind(FUNCTION_ERROR)).toBe('function');
    expect(failureKind({ ...FUNCTION_ERROR, errorType: 'Sandbox.Timedout' })).toBe('function');
    expect(failureKind(UNREACHABLE)).toBe('system');
    expect(failureKind({ ...UNREACHABLE, errorType: 'TooManyRequestsException' })).toBe('system');
    expect(failureKind({ ...UNREACHABLE, errorType: 'HTTP502' })).toBe('system');
    expect(failureKind(NOT_FOUND)).toBe('not-found');
  });

  it('does not retry a success', async () => {
    const { timers, invoke, secondsAfterStart } = harness([OK]);
    expect(await invoke()).toEqual(OK);
    await timers.advance(600_000);
    expect(secondsAfterStart()).toEqual([0]);
  });

  it('retries a function error twice, 1 minute then 2 minutes later, and then gives up', async () => {
    const { timers, invoke, outcomes, secondsAfterStart } = harness([FUNCTION_ERROR]);
    expect(await invoke()).toEqual(FUNCTION_ERROR);
    await timers.advance(3_600_000);
    expect(secondsAfterStart()).toEqual([0, 60, 180]);
    expect(outcomes.map(({ attempt, retryInMs }) => ({ attempt, retryInMs }))).toEqual([
      { attempt: 1, retryInMs: 60_000 },
      { attempt: 2, retryInMs: 120_000 },
      { attempt: 3 },
    ]);
  });

  it('stops retrying once an attempt succeeds', async () => {
    const { timers, invoke, secondsAfterStart } = harness([FUNCTION_ERROR, OK]);
    await invoke();
    await timers.advance(3_600_000);
    expect(secondsAfterStart()).toEqual([0, 60]);
  });

  it('follows the function’s EventInvokeConfig: MaximumRetryAttempts and MaximumEventAgeInSeconds', async () => {
    const none = harness([FUNCTION_ERROR], { functionName: 'fn', maximumRetryAttempts: 0 });
    await none.invoke();
    await none.timers.advance(3_600_000);
    expect(none.secondsAfterStart()).toEqual([0]);

    // The second retry would come 180 s after the event: older than its 120 s, so it is dropped.
    const young = harness([FUNCTION_ERROR], { functionName: 'fn', maximumEventAgeInSeconds: 120 });
    await young.invoke();
    await young.timers.advance(3_600_000);
    expect(young.secondsAfterStart()).toEqual([0, 60]);
  });

  it('retries an unreachable runtime with a doubling backoff that does not use up the retry attempts', async () => {
    const { timers, invoke, secondsAfterStart } = harness([
      UNREACHABLE,
      UNREACHABLE,
      UNREACHABLE,
      FUNCTION_ERROR,
    ]);
    await invoke();
    await timers.advance(3_600_000);
    // 1 s, 2 s, 4 s of backoff, then the function error's two retries after 60 s and 120 s.
    expect(secondsAfterStart()).toEqual([0, 1, 3, 7, 67, 187]);
  });

  it('caps the system backoff at 5 minutes and gives up after 6 hours', async () => {
    const { timers, invoke, secondsAfterStart } = harness([UNREACHABLE]);
    await invoke();
    await timers.advance(8 * 3_600_000);
    const times = secondsAfterStart();
    const gaps = times.slice(1).map((at, index) => at - (times[index] as number));
    expect(Math.max(...gaps)).toBe(300);
    expect(times.at(-1)).toBeLessThanOrEqual(21_600);
    expect(times.at(-1)).toBeGreaterThan(21_600 - 300);
  });

  it('does not retry an unknown function', async () => {
    const { timers, invoke, outcomes, secondsAfterStart } = harness([NOT_FOUND]);
    await invoke();
    await timers.advance(3_600_000);
    expect(secondsAfterStart()).toEqual([0]);
    expect(outcomes[0]?.retryInMs).toBeUndefined();
  });

  it('cancels waiting retries when stopped', async () => {
    const { timers, invoker, invoke, secondsAfterStart } = harness([FUNCTION_ERROR]);
    await invoke();
    expect(invoker.pendingRetries).toBe(1);
    invoker.stop();
    expect(invoker.pendingRetries).toBe(0);
    await timers.advance(3_600_000);
    expect(secondsAfterStart()).toEqual([0]);
  });
});
