import { counterChanged, otherEvents } from '../helpers/counterEvents';
import { kinesisConsumerUnderTest, NOW } from '../helpers/kinesisConsumerUnderTest';
import {
  FIRST_ARRIVAL_SECONDS,
  kinesisEvent,
  type RecordSpec,
  SHARD_ID,
  STREAM_ARN,
  sequenceNumberAt,
} from '../helpers/kinesisEvents';
import { lambdaContext } from '../helpers/recorders';

const valid = (key: string, version: number): RecordSpec => ({ key, event: counterChanged(key, version) });
const notJson = (key: string): RecordSpec => ({ key, raw: '{"id": "truncated' });
/** A well-formed envelope whose data breaks the CounterChanged schema (value must be ≥ 0). */
const badField = (key: string): RecordSpec => ({
  key,
  raw: JSON.stringify({ ...counterChanged(key, 9), data: { value: -1 } }),
});
const unknownType = (key: string): RecordSpec => ({
  key,
  event: otherEvents.create('SomethingElse', {
    source: 'test',
    subjectId: key,
    version: 1,
    data: {},
    correlationId: 'c',
  }),
});

describe('kinesisConsumer: malformed records and dead letters', () => {
  it('dead-letters a record that is not JSON, with the reason and the raw record, and processes the rest', async () => {
    const handled: string[] = [];
    const { handler, deadLetter } = kinesisConsumerUnderTest({
      handle: async (event) => {
        handled.push(`${event.subject.id}:${event.version}`);
      },
    });

    const response = await handler(kinesisEvent([valid('A', 1), notJson('B'), valid('C', 1)]), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual(['A:1', 'C:1']);
    expect(deadLetter.letters).toHaveLength(1);
    const [letter] = deadLetter.letters;
    expect(letter).toEqual({
      formatVersion: 1,
      consumer: 'counter-projection',
      deadLetteredAt: new Date(NOW).toISOString(),
      reason: {
        code: 'EVENT_DECODE_FAILED',
        message: expect.stringContaining('not UTF-8 JSON'),
        issues: [{ path: '', message: expect.any(String) }],
      },
      record: {
        source: 'aws:kinesis',
        eventSourceArn: STREAM_ARN,
        eventId: `${SHARD_ID}:${sequenceNumberAt(1)}`,
        shardOrStream: SHARD_ID,
        partitionKey: 'B',
        sequenceNumber: sequenceNumberAt(1),
        approximateArrivalTime: new Date((FIRST_ARRIVAL_SECONDS + 1) * 1000).toISOString(),
        data: Buffer.from('{"id": "truncated').toString('base64'),
      },
    });
  });

  it('dead-letters an event whose field breaks its schema, naming the field and the event type', async () => {
    const { handler, deadLetter } = kinesisConsumerUnderTest({ handle: async () => undefined });

    await handler(kinesisEvent([badField('A')]), lambdaContext);

    expect(deadLetter.letters[0]?.reason).toEqual({
      code: 'EVENT_DECODE_FAILED',
      message: expect.stringContaining('data.value'),
      issues: [{ path: 'data.value', message: expect.any(String) }],
      eventType: 'CounterChanged',
    });
  });

  it('keeps a key going after one of its records is dead-lettered: a bad record never blocks its key', async () => {
    const handled: number[] = [];
    const { handler, deadLetter } = kinesisConsumerUnderTest({
      handle: async (event) => {
        handled.push(event.version);
      },
    });

    const response = await handler(
      kinesisEvent([valid('A', 1), badField('A'), valid('A', 3)]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual([1, 3]);
    expect(deadLetter.letters.map((letter) => letter.record.sequenceNumber)).toEqual([sequenceNumberAt(1)]);
  });

  it('reports a record whose dead letter cannot be written, and stops its key there', async () => {
    const handled: string[] = [];
    const { handler, deadLetter, metrics } = kinesisConsumerUnderTest({
      failDeadLettersFor: [sequenceNumberAt(1)],
      handle: async (event) => {
        handled.push(`${event.subject.id}:${event.version}`);
      },
    });

    // A1, A(bad, write fails), A3, B(bad, written), B2
    const response = await handler(
      kinesisEvent([valid('A', 1), notJson('A'), valid('A', 3), notJson('B'), valid('B', 2)]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumberAt(1) }] });
    expect(handled).toEqual(['A:1', 'B:2']);
    expect(deadLetter.attempts.sort()).toEqual([sequenceNumberAt(1), sequenceNumberAt(3)]);
    expect(deadLetter.letters.map((letter) => letter.record.partitionKey)).toEqual(['B']);
    expect(metrics.value('RecordsFailed')).toBe(1);
    expect(metrics.value('RecordsDeadLettered')).toBe(1);
  });

  it('skips events of unknown types by default, counting them as skipped', async () => {
    const handled: string[] = [];
    const { handler, deadLetter, metrics, logger } = kinesisConsumerUnderTest({
      handle: async (event) => {
        handled.push(event.subject.id);
      },
    });

    const response = await handler(kinesisEvent([unknownType('A'), valid('A', 2)]), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual(['A']);
    expect(deadLetter.attempts).toEqual([]);
    expect(metrics.value('RecordsSkipped')).toBe(1);
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        attributes: expect.objectContaining({
          reason: expect.objectContaining({ code: 'UNKNOWN_EVENT_TYPE', eventType: 'SomethingElse' }),
        }),
      }),
    );
  });

  it("dead-letters events of unknown types with unknownTypes: 'dead-letter'", async () => {
    const { handler, deadLetter, metrics } = kinesisConsumerUnderTest({
      unknownTypes: 'dead-letter',
      handle: async () => undefined,
    });

    await handler(kinesisEvent([unknownType('A'), valid('A', 2)]), lambdaContext);

    expect(deadLetter.letters.map((letter) => letter.reason)).toEqual([
      {
        code: 'UNKNOWN_EVENT_TYPE',
        message: expect.stringContaining('SomethingElse'),
        issues: [],
        eventType: 'SomethingElse',
      },
    ]);
    expect(metrics.value('RecordsSkipped')).toBe(0);
    expect(metrics.value('RecordsDeadLettered')).toBe(1);
  });

  it('names a KPL aggregated record as such instead of "not JSON"', async () => {
    const aggregate = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2, 0x0a, 0x01, 0x41);
    const { handler, deadLetter } = kinesisConsumerUnderTest({ handle: async () => undefined });

    await handler(kinesisEvent([{ key: 'A', raw: aggregate }]), lambdaContext);

    expect(deadLetter.letters[0]?.reason.code).toBe('KPL_AGGREGATED_RECORD');
    expect(deadLetter.letters[0]?.record).toMatchObject({ data: Buffer.from(aggregate).toString('base64') });
  });

  it('dead-letters a record without data, keeping data null in the letter', async () => {
    const event = kinesisEvent([valid('A', 1)]);
    const [record] = event.Records;
    if (record) delete (record.kinesis as { data?: string }).data;
    const { handler, deadLetter } = kinesisConsumerUnderTest({ handle: async () => undefined });

    const response = await handler(event, lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(deadLetter.letters[0]?.reason.issues).toEqual([
      { path: 'kinesis.data', message: 'Record has no data' },
    ]);
    expect(deadLetter.letters[0]?.record).toMatchObject({ data: null });
  });

  it('logs each dead letter as a warning with its key, sequence number and reason', async () => {
    const { handler, logger } = kinesisConsumerUnderTest({ handle: async () => undefined });

    await handler(kinesisEvent([notJson('B')]), lambdaContext);

    expect(logger.entries).toContainEqual({
      level: 'warn',
      message: 'Dead-lettered a record the consumer cannot use',
      attributes: {
        consumer: 'counter-projection',
        partitionKey: 'B',
        sequenceNumber: sequenceNumberAt(0),
        reason: expect.objectContaining({ code: 'EVENT_DECODE_FAILED' }),
      },
    });
  });
});
