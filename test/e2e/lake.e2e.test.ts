import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { clapsEvents } from '@kes/contracts';
import type { Envelope } from '@kes/envelope';
import { readStream } from './helpers/streams';
import { System, waitFor } from './helpers/system';

const system = System.shared();
const clapsStream = system.name('claps');

/** The lake bucket (services/lake): the local cloud names an unnamed bucket `<stack>-<logical id>-<hash>`. */
const lakeBucket = async (): Promise<string> => {
  const { Buckets } = await system.clients.s3.send(new ListBucketsCommand({}));
  const bucket = Buckets?.find((b) =>
    b.Name?.startsWith(`kes-lake-${system.coordinates.stage}-lakebucket`),
  )?.Name;
  if (!bucket) throw new Error(`No lake bucket among ${Buckets?.map((b) => b.Name).join(', ')}`);
  return bucket;
};

/** Every lake object under the claps stream's prefix: key and the envelopes among its lines. */
const lakeObjects = async (bucket: string) => {
  const listed = await system.clients.s3.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: `${clapsStream}/` }),
  );
  return Promise.all(
    (listed.Contents ?? []).map(async ({ Key }) => {
      const object = await system.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      const text = gunzipSync(await (object.Body?.transformToByteArray() ?? new Uint8Array())).toString();
      const events = text
        .split('\n')
        .filter((line) => line !== '')
        // The lake keeps whatever the stream held, including the malformed records other tests write
        // to prove dead-lettering: only the envelopes are compared.
        .flatMap((line) => {
          const decoded = clapsEvents.decode(Buffer.from(line));
          return decoded.ok ? [decoded.event] : [];
        });
      return { key: Key ?? '', events };
    }),
  );
};

describe('the data lake: claps copied by Firehose into S3, end to end through the local cloud', () => {
  it('puts every claps event of the stream into gzip NDJSON lake objects, envelopes unchanged', async () => {
    const bucket = await lakeBucket();
    const postId = await system.createClappablePost();

    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'lake-alice', body: { count: 12 } });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'lake-bob', body: { count: 3 } });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'lake-alice', body: { count: 20 } });

    // What the stream holds for this post: the member changes and the totals the claps service emitted.
    let onStream: Envelope[] = [];
    await waitFor(async () => {
      onStream = (await readStream(system.clients.kinesis, clapsStream))
        .filter((record) => record.PartitionKey === postId)
        .flatMap((record) => {
          const decoded = clapsEvents.decode(record.Data as Uint8Array);
          return decoded.ok ? [decoded.event] : [];
        });
      return onStream.filter((event) => event.type === 'ClapsByMemberChanged').length === 3;
    }, 'the three member changes on the claps stream');
    let inLake: Array<{ key: string; events: Envelope[] }> = [];
    await waitFor(
      async () => {
        inLake = await lakeObjects(bucket);
        const ids = new Set(inLake.flatMap((object) => object.events.map((event) => event.id)));
        return onStream.every((event) => ids.has(event.id));
      },
      'every claps event of the post in the lake',
      60_000,
    );

    const lakeEventsOfPost = inLake
      .flatMap((object) => object.events)
      .filter((event) => event.subject.id === postId);
    const byId = new Map(lakeEventsOfPost.map((event) => [event.id, event]));
    for (const event of onStream) expect(byId.get(event.id)).toEqual(event);
    // Replay needs the partition key and per-subject version, which Firehose does not keep: the envelope does.
    expect(lakeEventsOfPost.every((event) => event.partitionKey === postId && event.version > 0)).toBe(true);
    const keys = inLake.filter((object) => object.events.some((event) => event.subject.id === postId));
    for (const { key } of keys) {
      expect(key).toMatch(
        new RegExp(
          `^${clapsStream}/\\d{4}/\\d{2}/\\d{2}/\\d{2}/${system.name('lake-claps')}-1-\\d{4}(-\\d{2}){5}-[0-9a-f-]{36}\\.gz$`,
        ),
      );
    }
  });

  it('reports the delivery streams on the control endpoint', async () => {
    const response = await fetch(`${system.coordinates.controlUrl}/firehose`);
    const stats = (await response.json()) as Array<{ deliveryStreamName: string; objectsDelivered: number }>;

    expect(stats.map((s) => s.deliveryStreamName).sort()).toEqual([
      system.name('lake-claps'),
      system.name('lake-posts'),
    ]);
  });
});
