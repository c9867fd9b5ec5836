import type { DeadLetter } from '../../src';

/** A dead letter of a Kinesis record; `record` fields can be overridden. */
export const kinesisLetter = (record: Partial<DeadLetter['record']> = {}): DeadLetter =>
  ({
    formatVersion: 1,
    consumer: 'posts-claps-projection',
    deadLetteredAt: '2026-02-01T00:00:05.000Z',
    reason: {
      code: 'EVENT_DECODE_FAILED',
      message: 'Invalid CounterChanged: data.value: Too small',
      issues: [{ path: 'data.value', message: 'Too small' }],
      eventType: 'CounterChanged',
    },
    record: {
      source: 'aws:kinesis',
      eventSourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/claps',
      eventId: 'shardId-000000000003:49590338271490256608559692538361571095921575989136588898',
      shardOrStream: 'shardId-000000000003',
      partitionKey: 'post-1',
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      approximateArrivalTime: '2026-01-31T23:59:59.500Z',
      data: Buffer.from('{"bad":true}').toString('base64'),
      ...record,
    },
  }) as DeadLetter;
