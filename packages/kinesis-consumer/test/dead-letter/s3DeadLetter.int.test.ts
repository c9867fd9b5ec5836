import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import {
  type DeadLetter,
  deadLetterKey,
  isKinesisConsumerError,
  kinesisConsumer,
  s3DeadLetter,
} from '../../src';
import { counterChanged, counterEvents } from '../helpers/counterEvents';
import { kinesisLetter } from '../helpers/deadLetters';
import { kinesisEvent, SHARD_ID, sequenceNumberAt } from '../helpers/kinesisEvents';
import { lambdaContext, recordingLogger, recordingMetrics } from '../helpers/recorders';

const BUCKET = 'dead-letters';

describe('s3DeadLetter against s3rver', () => {
  let emulators: TestEmulators;
  let clients: AwsClients;

  const readObject = async (key: string) => {
    const object = await clients.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { contentType: object.ContentType, body: await object.Body?.transformToString() };
  };
  const listKeys = async (prefix: string) =>
    (
      (await clients.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }))).Contents ?? []
    ).map((object) => object.Key);

  beforeAll(async () => {
    emulators = await startEmulators({ s3: true });
    clients = createAwsClients(emulators.env);
    await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  afterAll(async () => {
    clients?.s3.destroy();
    await emulators?.stop();
  });

  it('writes a readable JSON object that parses back to the letter, reason included', async () => {
    const letter = kinesisLetter();

    await s3DeadLetter({ client: clients.s3, bucket: BUCKET, prefix: 'posts/claps-projection' }).send(letter);

    const { contentType, body } = await readObject(deadLetterKey('posts/claps-projection', letter));
    expect(contentType).toBe('application/json');
    const parsed = JSON.parse(body ?? '') as DeadLetter;
    expect(parsed).toEqual(letter);
    expect(parsed.reason.issues).toEqual([{ path: 'data.value', message: 'Too small' }]);
    expect(
      Buffer.from(
        parsed.record.source === 'aws:kinesis' ? (parsed.record.data ?? '') : '',
        'base64',
      ).toString(),
    ).toBe('{"bad":true}');
  });

  it('overwrites the same object when the same record is dead-lettered again', async () => {
    const first = kinesisLetter({ sequenceNumber: '777' });
    const again = { ...first, deadLetteredAt: '2026-02-02T00:00:00.000Z' };
    const destination = s3DeadLetter({ client: clients.s3, bucket: BUCKET, prefix: 'redelivery' });

    await destination.send(first);
    await destination.send(again);

    expect(await listKeys('redelivery/')).toEqual(['redelivery/2026/01/31/shardId-000000000003/777.json']);
    const { body } = await readObject('redelivery/2026/01/31/shardId-000000000003/777.json');
    expect(JSON.parse(body ?? '')).toMatchObject({ deadLetteredAt: '2026-02-02T00:00:00.000Z' });
  });

  it('rejects with DeadLetterWriteError when the bucket does not exist', async () => {
    const failure = await s3DeadLetter({ client: clients.s3, bucket: 'no-such-bucket' })
      .send(kinesisLetter())
      .catch((error: unknown) => error);

    expect(isKinesisConsumerError(failure, 'DEAD_LETTER_WRITE_FAILED')).toBe(true);
  });

  it('receives the malformed records of a consumer batch while the valid ones are handled', async () => {
    const handled: string[] = [];
    const handler = kinesisConsumer({
      name: 'counter-projection',
      registry: counterEvents,
      deadLetter: s3DeadLetter({ client: clients.s3, bucket: BUCKET, prefix: 'consumer' }),
      logger: recordingLogger(),
      metrics: recordingMetrics(),
      handle: async (event) => {
        handled.push(event.subject.id);
      },
    });

    const response = await handler(
      kinesisEvent([
        { key: 'A', event: counterChanged('A', 1) },
        { key: 'B', raw: 'not json at all' },
      ]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(handled).toEqual(['A']);
    const keys = await listKeys('consumer/');
    expect(keys).toEqual([
      expect.stringMatching(
        new RegExp(`^consumer/\\d{4}/\\d{2}/\\d{2}/${SHARD_ID}/${sequenceNumberAt(1)}\\.json$`),
      ),
    ]);
    const { body } = await readObject(keys[0] ?? '');
    expect(JSON.parse(body ?? '')).toMatchObject({
      consumer: 'counter-projection',
      reason: { code: 'EVENT_DECODE_FAILED' },
      record: { partitionKey: 'B', data: Buffer.from('not json at all').toString('base64') },
    });
  });

  it('reports the record when its dead letter cannot be written, so the batch does not lose it', async () => {
    const handler = kinesisConsumer({
      name: 'counter-projection',
      registry: counterEvents,
      deadLetter: s3DeadLetter({ client: clients.s3, bucket: 'no-such-bucket' }),
      logger: recordingLogger(),
      metrics: recordingMetrics(),
      handle: async () => undefined,
    });

    const response = await handler(kinesisEvent([{ key: 'B', raw: '???' }]), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceNumberAt(0) }] });
  });
});
