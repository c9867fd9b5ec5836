import { PutRecordFailedError, type RetryEvent } from '../src';
import { nonRetryableErrors, retryableErrors, throttled } from './helpers/awsErrors';
import { FakeKinesis, settle } from './helpers/FakeKinesis';
import { recordFor } from './helpers/records';
import { writerFor } from './helpers/writerFor';

/** A fake that fails the first `failures` calls with `error()`, then succeeds. */
const failingFirst = (failures: number, error: () => unknown) =>
  new FakeKinesis({ fault: (_, callIndex) => (callIndex < failures ? { error: error() } : undefined) });

describe('OrderedKinesisWriter: retries', () => {
  it.each(retryableErrors)('retries %s and resolves once Kinesis acknowledges', async (_, error) => {
    const fake = failingFirst(1, error);
    const { writer, sleeps } = writerFor(fake);

    const result = await writer.put(recordFor('post-1', 0));

    expect(result.attempts).toBe(2);
    expect(fake.stored).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
    expect(writer.stats()).toMatchObject({ sent: 2, retried: 1, acknowledged: 1, failed: 0 });
  });

  it.each(nonRetryableErrors)('fails on %s at once, without a retry', async (_, error) => {
    const fake = failingFirst(1, error);
    const { writer, sleeps } = writerFor(fake);

    const failure = await writer.put(recordFor('post-1', 0)).catch((caught: unknown) => caught);

    expect(failure).toBeInstanceOf(PutRecordFailedError);
    expect(failure).toMatchObject({
      code: 'PUT_RECORD_FAILED',
      partitionKey: 'post-1',
      attempts: 1,
      retryable: false,
    });
    expect((failure as PutRecordFailedError).cause).toBeDefined();
    expect(sleeps).toEqual([]);
    expect(fake.calls).toHaveLength(1);
    expect(writer.stats()).toMatchObject({ sent: 1, retried: 0, failed: 1 });
  });

  it('waits full-jitter exponential backoff: random() × min(maxDelayMs, baseDelayMs × 2^(retry-1))', async () => {
    const fake = failingFirst(8, throttled);
    const randoms = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.999, 0];
    const { writer, sleeps } = writerFor(fake, {
      random: () => randoms.shift() ?? 0,
      retry: { baseDelayMs: 100, maxDelayMs: 3000 },
    });

    await writer.put(recordFor('post-1', 0));

    // Ceilings 100, 200, 400, 800, 1600, 3000 (capped), 3000, 3000.
    expect(sleeps).toEqual([50, 100, 200, 400, 800, 1500, 2997, 0]);
  });

  it('uses 50 ms base, 5 s cap and 10 attempts by default', async () => {
    const fake = failingFirst(100, throttled);
    const { writer, sleeps } = writerFor(fake, { random: () => 0.999_999 });

    const failure = await writer.put(recordFor('post-1', 0)).catch((caught: unknown) => caught);

    expect(failure).toMatchObject({
      attempts: 10,
      retryable: true,
      errorCode: 'ProvisionedThroughputExceededException',
    });
    expect(sleeps).toEqual([49, 99, 199, 399, 799, 1599, 3199, 4999, 4999]);
    expect(fake.calls).toHaveLength(10);
  });

  it('gives up after retry.maxAttempts calls with an error that says retries ran out', async () => {
    const fake = failingFirst(100, throttled);
    const { writer } = writerFor(fake, { retry: { maxAttempts: 3 } });

    const failure = await writer.put(recordFor('post-1', 0)).catch((caught: unknown) => caught);

    expect(failure).toBeInstanceOf(PutRecordFailedError);
    expect(failure).toMatchObject({
      attempts: 3,
      retryable: true,
      errorCode: 'ProvisionedThroughputExceededException',
    });
    expect((failure as Error).message).toContain('retries exhausted after 3 attempts');
    expect(writer.stats()).toMatchObject({ sent: 3, retried: 2, failed: 1, acknowledged: 0 });
  });

  it('with maxAttempts 1 never retries', async () => {
    const fake = failingFirst(1, throttled);
    const { writer, sleeps } = writerFor(fake, { retry: { maxAttempts: 1 } });

    await expect(writer.put(recordFor('post-1', 0))).rejects.toMatchObject({ attempts: 1, retryable: true });
    expect(sleeps).toEqual([]);
  });

  it('holds the key’s next record back while its predecessor is backing off', async () => {
    const fake = failingFirst(1, throttled);
    let wake: () => void = () => undefined;
    const { writer } = writerFor(fake, { sleep: () => new Promise<void>((resolve) => (wake = resolve)) });

    const first = writer.put(recordFor('post-1', 0));
    const second = writer.put(recordFor('post-1', 1));
    const other = writer.put(recordFor('post-2', 0));
    await settle();

    expect(fake.callKeys()).toEqual(['post-1', 'post-2']);
    expect(writer.stats()).toMatchObject({ inFlight: 1, queued: 1 });
    await other;

    wake();
    await Promise.all([first, second]);
    expect(fake.storedFor('post-1')).toEqual(['post-1#0', 'post-1#1']);
  });

  it('reports each retry to onRetry, and a throwing hook does not disturb the writer', async () => {
    const fake = failingFirst(2, throttled);
    const events: RetryEvent[] = [];
    const { writer } = writerFor(fake, {
      onRetry: (event) => {
        events.push(event);
        throw new Error('hook bug');
      },
    });

    const result = await writer.put(recordFor('post-1', 0));

    expect(result.attempts).toBe(3);
    expect(
      events.map(({ partitionKey, attempt, delayMs, errorCode }) => ({
        partitionKey,
        attempt,
        delayMs,
        errorCode,
      })),
    ).toEqual([
      {
        partitionKey: 'post-1',
        attempt: 1,
        delayMs: 25,
        errorCode: 'ProvisionedThroughputExceededException',
      },
      {
        partitionKey: 'post-1',
        attempt: 2,
        delayMs: 50,
        errorCode: 'ProvisionedThroughputExceededException',
      },
    ]);
    expect(events[0]?.error).toBeInstanceOf(Error);
  });

  it('fails the record when the injected sleep is cancelled', async () => {
    const fake = failingFirst(1, throttled);
    const { writer } = writerFor(fake, { sleep: () => Promise.reject(new Error('aborted')) });

    const failure = await writer.put(recordFor('post-1', 0)).catch((caught: unknown) => caught);

    expect(failure).toBeInstanceOf(PutRecordFailedError);
    expect((failure as Error).cause).toEqual(new Error('aborted'));
    expect(fake.calls).toHaveLength(1);
  });

  it('treats an answer without a sequence number as a failure, since nothing could be chained to it', async () => {
    const client = { send: async () => ({ ShardId: 'shardId-000000000000', $metadata: {} }) };
    const { writer } = writerFor(new FakeKinesis(), { client: client as never });

    await expect(writer.put(recordFor('post-1', 0))).rejects.toMatchObject({
      code: 'PUT_RECORD_FAILED',
      errorCode: 'MalformedResponse',
      retryable: false,
    });
  });
});
