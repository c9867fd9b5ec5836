import type { InvokeResult } from '../../src/esm/LambdaInvoker';
import { AsyncInvoker } from '../../src/events/AsyncInvoker';
import { invokeFunction } from '../../src/lambda/invokeFunction';
import type { LocalFunction } from '../../src/lambda/types';
import { FakeTimers } from '../helpers/FakeTimers';

const NAME = 'kes-replay-local-runReplay';
const fn: LocalFunction = {
  functionName: NAME,
  arn: `arn:aws:lambda:us-east-1:000000000000:function:${NAME}`,
};
const failed: InvokeResult = { ok: false, errorType: 'Error', errorMessage: 'boom', durationMs: 5 };
const succeeded: InvokeResult = { ok: true, payload: null, durationMs: 5 };

/** A function that answers with `results` in turn, and records each payload it was invoked with. */
const scripted = (results: InvokeResult[]) => {
  const payloads: unknown[] = [];
  const invoke = async (_name: string, payload: unknown) => {
    payloads.push(payload);
    return results[payloads.length - 1] ?? succeeded;
  };
  return { payloads, invoke };
};

/** invokeFunction's dependencies with the scripted function behind an AsyncInvoker on fake timers. */
const withAsyncRetries = (results: InvokeResult[]) => {
  const timers = new FakeTimers();
  const fake = scripted(results);
  const async = new AsyncInvoker({ invoke: fake.invoke, timers });
  const log: string[] = [];
  const deps = {
    functions: () => [fn],
    invoke: fake.invoke,
    invokeAsync: async.invoke.bind(async),
    log: (line: string) => log.push(line),
  };
  return { timers, fake, log, deps };
};

describe('invokeFunction, InvocationType Event', () => {
  it('answers 202 at once and retries a function error as Lambda does: after 1, then 2 minutes', async () => {
    const { timers, fake, log, deps } = withAsyncRetries([failed, failed, succeeded]);

    const answer = await invokeFunction(deps, NAME, 'Event', Buffer.from('{"jobId":"j-1"}'));
    await timers.advance(59_000);
    const beforeFirstRetry = fake.payloads.length;
    await timers.advance(1_000);
    const afterFirstRetry = fake.payloads.length;
    await timers.advance(120_000);

    expect(answer.status).toBe(202);
    expect([beforeFirstRetry, afterFirstRetry, fake.payloads.length]).toEqual([1, 2, 3]);
    expect(fake.payloads).toEqual([{ jobId: 'j-1' }, { jobId: 'j-1' }, { jobId: 'j-1' }]);
    expect(log).toEqual([
      `${NAME}: async invocation failed (attempt 1, retry in 60 s): Error: boom`,
      `${NAME}: async invocation failed (attempt 2, retry in 120 s): Error: boom`,
    ]);
    expect(timers.pending).toEqual([]);
  });

  it('gives up after the two retries, and logs that the last attempt is not retried', async () => {
    const { timers, fake, log, deps } = withAsyncRetries([failed, failed, failed, succeeded]);

    await invokeFunction(deps, NAME, 'Event', Buffer.from('{}'));
    await timers.advance(60 * 60_000);

    expect(fake.payloads).toHaveLength(3);
    expect(log.at(-1)).toBe(`${NAME}: async invocation failed (attempt 3, not retried): Error: boom`);
  });

  it('runs an Event invocation once when no asynchronous invoker is given', async () => {
    const fake = scripted([failed, succeeded]);
    const log: string[] = [];
    const deps = { functions: () => [fn], invoke: fake.invoke, log: (line: string) => log.push(line) };

    const answer = await invokeFunction(deps, NAME, 'Event', Buffer.from('{}'));
    await new Promise((resolve) => setImmediate(resolve));

    expect(answer.status).toBe(202);
    expect(fake.payloads).toHaveLength(1);
    expect(log).toEqual([`${NAME}: async invocation failed (attempt 1, not retried): Error: boom`]);
  });
});
