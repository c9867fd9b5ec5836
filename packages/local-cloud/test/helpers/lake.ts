import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { defineEvent, EventRegistry } from '@kes/envelope';
import { z } from 'zod';

/** An event type for lake tests: a member's claps on a post, full state. */
export const ClapsChanged = defineEvent({
  type: 'ClapsChanged',
  subjectType: 'clap',
  schemaVersion: 1,
  data: z.object({
    postId: z.string(),
    memberId: z.string(),
    count: z.number().int(),
    padding: z.string().optional(),
  }),
});
export const lakeEvents = new EventRegistry([ClapsChanged]);

/** `count` envelopes for different subjects, each padded to about `bytes` when given. */
export const clapEvents = (count: number, options: { from?: number; bytes?: number } = {}) =>
  Array.from({ length: count }, (_, i) => {
    const n = (options.from ?? 0) + i;
    return lakeEvents.create('ClapsChanged', {
      source: 'claps',
      subjectId: `post-${n % 3}:member-${n}`,
      version: 1,
      correlationId: `req-${n}`,
      data: {
        postId: `post-${n % 3}`,
        memberId: `member-${n}`,
        count: n,
        ...(options.bytes ? { padding: 'x'.repeat(options.bytes) } : {}),
      },
    });
  });

export interface LakeObject {
  key: string;
  body: Buffer;
  /** Gunzipped, split on newlines (the last line of an object ends with one too). */
  lines: string[];
}

/** Every object under `prefix`, gunzipped. */
export const lakeObjects = async (s3: S3Client, bucket: string, prefix = ''): Promise<LakeObject[]> => {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const objects: LakeObject[] = [];
  for (const { Key } of listed.Contents ?? []) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
    const body = Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array()));
    const text = gunzipSync(body).toString('utf8');
    objects.push({ key: Key ?? '', body, lines: text.split('\n').filter((line) => line !== '') });
  }
  return objects;
};
