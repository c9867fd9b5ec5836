import { resolveWriterOptions } from '../src/resolveWriterOptions';
import { FakeKinesis } from './helpers/FakeKinesis';

const client = new FakeKinesis();

describe('resolveWriterOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveWriterOptions({ client, streamName: 'events' });

    expect(resolved).toMatchObject({
      stream: { StreamName: 'events' },
      maxRecordSizeBytes: 1024 * 1024,
      maxBufferedRecords: 1000,
      maxConcurrentKeys: 64,
      maxTrackedKeys: 10_000,
      retry: { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 5000 },
      random: Math.random,
      now: Date.now,
    });
    expect(resolved.onRetry).toBeUndefined();
  });

  it('merges a partial retry policy over the defaults', () => {
    expect(resolveWriterOptions({ client, streamName: 'events', retry: { maxAttempts: 3 } }).retry).toEqual({
      maxAttempts: 3,
      baseDelayMs: 50,
      maxDelayMs: 5000,
    });
  });

  it('sends the stream ARN, the name, or both, as given', () => {
    const arn = 'arn:aws:kinesis:us-east-1:123456789012:stream/events';
    expect(resolveWriterOptions({ client, streamArn: arn }).stream).toEqual({ StreamARN: arn });
    expect(resolveWriterOptions({ client, streamArn: arn, streamName: 'events' }).stream).toEqual({
      StreamName: 'events',
      StreamARN: arn,
    });
  });

  it('requires a stream', () => {
    expect(() => resolveWriterOptions({ client })).toThrow(
      'OrderedKinesisWriter needs streamName or streamArn',
    );
  });

  it.each([
    [
      { maxRecordSizeBytes: 10 * 1024 * 1024 + 1 },
      'maxRecordSizeBytes must be an integer between 1 and 10485760',
    ],
    [{ maxRecordSizeBytes: 0 }, 'maxRecordSizeBytes'],
    [{ maxBufferedRecords: 0 }, 'maxBufferedRecords'],
    [{ maxConcurrentKeys: 1.5 }, 'maxConcurrentKeys'],
    [{ maxTrackedKeys: -1 }, 'maxTrackedKeys'],
    [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ retry: { baseDelayMs: -1 } }, 'retry.baseDelayMs'],
    [{ retry: { baseDelayMs: 100, maxDelayMs: 50 } }, 'retry.maxDelayMs must be an integer between 100'],
  ])('refuses %j', (options, message) => {
    expect(() => resolveWriterOptions({ client, streamName: 'events', ...options })).toThrow(message);
  });

  it('accepts a stream configured for 10 MiB records', () => {
    expect(
      resolveWriterOptions({ client, streamName: 'events', maxRecordSizeBytes: 10 * 1024 * 1024 })
        .maxRecordSizeBytes,
    ).toBe(10 * 1024 * 1024);
  });
});
