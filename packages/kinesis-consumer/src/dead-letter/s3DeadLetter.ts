import { PutObjectCommand, type S3Client, type ServerSideEncryption } from '@aws-sdk/client-s3';
import { DeadLetterWriteError, InvalidOptionsError } from '../errors';
import type { DeadLetter, DeadLetterDestination } from '../types';
import { deadLetterKey } from './deadLetterKey';

/** Options of {@link s3DeadLetter}. */
export interface S3DeadLetterOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix, e.g. `posts/claps-projection`; no leading or trailing slash needed. Default: none. */
  prefix?: string;
  /**
   * Sent as `ServerSideEncryption` only when given; otherwise the bucket's default encryption applies
   * (the usual setup, and the one that needs no KMS permission in the function's policy).
   */
  serverSideEncryption?: ServerSideEncryption;
  /** KMS key for `aws:kms`; sent only when given. */
  sseKmsKeyId?: string;
}

/**
 * A dead-letter destination that writes one JSON object per letter to S3, at
 * `<prefix>/<yyyy>/<MM>/<dd>/<shardOrStream>/<sequenceNumber>.json` (see {@link deadLetterKey}).
 * A failed write rejects with {@link DeadLetterWriteError}, so the record is reported and comes again.
 *
 * @example
 * const deadLetter = s3DeadLetter({
 *   client: clients.s3,
 *   bucket: requireEnv('DEAD_LETTER_BUCKET'),
 *   prefix: 'posts/claps-projection',
 * });
 */
export const s3DeadLetter = (options: S3DeadLetterOptions): DeadLetterDestination => {
  const { client, bucket, prefix = '', serverSideEncryption, sseKmsKeyId } = options;
  if (typeof bucket !== 'string' || bucket === '')
    throw new InvalidOptionsError('bucket', 'a bucket name is required');
  return {
    send: async function sendToS3(letter: DeadLetter): Promise<void> {
      const key = deadLetterKey(prefix, letter);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: `${JSON.stringify(letter)}\n`,
            ContentType: 'application/json',
            ...(serverSideEncryption === undefined ? {} : { ServerSideEncryption: serverSideEncryption }),
            ...(sseKmsKeyId === undefined ? {} : { SSEKMSKeyId: sseKmsKeyId }),
          }),
        );
      } catch (cause) {
        throw new DeadLetterWriteError(`s3://${bucket}/${key}`, cause);
      }
    },
  };
};
