import type { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeadLetterWriteError, InvalidOptionsError, isKinesisConsumerError, s3DeadLetter } from '../../src';
import { kinesisLetter } from '../helpers/deadLetters';

/** An S3 client that records the PutObject inputs it is sent (unit level; the .int test uses s3rver). */
const fakeS3 = (failure?: Error) => {
  const sent: PutObjectCommand['input'][] = [];
  const client = {
    send: async (command: PutObjectCommand) => {
      sent.push(command.input);
      if (failure) throw failure;
      return {};
    },
  } as unknown as S3Client;
  return { client, sent };
};

describe('s3DeadLetter', () => {
  it('puts one JSON object per letter at its key, leaving encryption to the bucket default', async () => {
    const { client, sent } = fakeS3();
    const letter = kinesisLetter();

    await s3DeadLetter({ client, bucket: 'dead-letters', prefix: 'posts/claps-projection' }).send(letter);

    expect(sent).toEqual([
      {
        Bucket: 'dead-letters',
        Key: 'posts/claps-projection/2026/01/31/shardId-000000000003/49590338271490256608559692538361571095921575989136588898.json',
        Body: `${JSON.stringify(letter)}\n`,
        ContentType: 'application/json',
      },
    ]);
  });

  it('sends ServerSideEncryption and the KMS key only when given', async () => {
    const { client, sent } = fakeS3();

    await s3DeadLetter({
      client,
      bucket: 'b',
      serverSideEncryption: 'aws:kms',
      sseKmsKeyId: 'arn:aws:kms:us-east-1:1:key/k',
    }).send(kinesisLetter());

    expect(sent[0]).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'arn:aws:kms:us-east-1:1:key/k',
    });
  });

  it('rejects with DeadLetterWriteError naming the object and keeping the cause when S3 fails', async () => {
    const cause = new Error('AccessDenied');
    const { client } = fakeS3(cause);

    const failure = await s3DeadLetter({ client, bucket: 'b', prefix: 'x' })
      .send(kinesisLetter({ sequenceNumber: '9' }))
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DeadLetterWriteError);
    expect(isKinesisConsumerError(failure, 'DEAD_LETTER_WRITE_FAILED')).toBe(true);
    expect(failure).toMatchObject({ location: 's3://b/x/2026/01/31/shardId-000000000003/9.json', cause });
  });

  it('refuses to be built without a bucket', () => {
    expect(() => s3DeadLetter({ client: fakeS3().client, bucket: '' })).toThrow(InvalidOptionsError);
  });
});
