import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';

export const createBucket = (s3: S3Client, bucket: string) =>
  s3.send(new CreateBucketCommand({ Bucket: bucket }));

/** Every object under `prefix`, parsed as JSON, with its key. */
export const readLetters = async (s3: S3Client, bucket: string, prefix: string) => {
  const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return Promise.all(
    Contents.map(async ({ Key }) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      return {
        key: Key ?? '',
        letter: JSON.parse((await object.Body?.transformToString()) ?? '') as unknown,
      };
    }),
  );
};
