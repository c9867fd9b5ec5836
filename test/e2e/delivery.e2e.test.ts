import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { clapsEvents } from '@kes/contracts';
import { putRaw, readStream } from './helpers/streams';
import { System, waitFor } from './helpers/system';

interface PostView {
  claps: number;
  clappers: number;
  clapsVersion: number;
}

const system = System.shared();
const clapsStream = system.name('claps');
const view = async (postId: string) => (await system.call<PostView>('GET', `/posts/${postId}`)).body;
const waitForClaps = (postId: string, claps: number, timeoutMs = 60_000) =>
  waitFor(
    async () => (await view(postId)).claps === claps,
    `post ${postId} to show ${claps} claps`,
    timeoutMs,
  );

/** Decoded claps events of one post, in stream order. */
const eventsOf = async (postId: string) =>
  (await readStream(system.clients.kinesis, clapsStream))
    .filter((record) => record.PartitionKey === postId)
    .map((record) => clapsEvents.decode(record.Data as Uint8Array))
    .flatMap((decoded) => (decoded.ok ? [decoded.event] : []));

/** Waits until a mapping has taken `records` more records than `before` (processed, skipped or dead-lettered). */
const waitForMappingProgress = async (suffix: string, before: number, records: number) =>
  waitFor(async () => {
    const stats = await system.mapping(suffix);
    return stats.invocations > 0 && stats.recordsDelivered + stats.recordsDiscarded >= before + records;
  }, `${suffix} to take ${records} more records`);

describe('delivery: duplicates, reordering, failures and poison records never give a wrong total', () => {
  it('counts nothing twice when the same stream records are delivered again', async () => {
    const postId = await system.createClappablePost();
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'dup-1', body: { count: 12 } });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'dup-2', body: { count: 30 } });
    await waitForClaps(postId, 42);
    const settled = await view(postId);

    // Consumer-side redelivery: the projection's mapping starts over from the trim horizon, as after
    // re-creating it; every record of the stream reaches the function a second time.
    const projection = await system.mapping('projectClaps');
    const delivered = (await readStream(system.clients.kinesis, clapsStream)).length;
    await system.resetMapping(projection.uuid);
    await waitFor(
      async () => (await system.mapping('projectClaps')).recordsDelivered >= delivered,
      'the projection to take every record again',
      60_000,
    );
    // Producer-side duplicates: the same event bytes written to the stream again.
    const [latestTotal] = (await readStream(system.clients.kinesis, clapsStream))
      .filter((record) => record.PartitionKey === postId)
      .reverse();
    await putRaw(system.clients.kinesis, clapsStream, postId, latestTotal?.Data as Uint8Array);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    expect(await view(postId)).toMatchObject({ claps: 42, clappers: 2, clapsVersion: settled.clapsVersion });
  });

  it('ignores an older version delivered after a newer one', async () => {
    const postId = await system.createClappablePost();
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'old-1', body: { count: 5 } });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'old-2', body: { count: 6 } });
    await waitForClaps(postId, 11);
    const current = await view(postId);
    const before = (await system.mapping('projectClaps')).recordsDelivered;

    const stale = clapsEvents.create('PostClapsTotalChanged', {
      source: 'claps',
      subjectId: postId,
      version: 1,
      correlationId: 'stale-replay',
      data: { postId, total: 999, clappers: 99, asOf: new Date().toISOString() },
    });
    await putRaw(system.clients.kinesis, clapsStream, postId, clapsEvents.encode(stale));
    await waitForMappingProgress('projectClaps', before, 1);

    expect(await view(postId)).toMatchObject({ claps: 11, clappers: 2, clapsVersion: current.clapsVersion });
  });

  it('dead-letters a malformed record with the reason and keeps the shard flowing', async () => {
    const postId = await system.createClappablePost();
    await putRaw(
      system.clients.kinesis,
      clapsStream,
      postId,
      Buffer.from('{"type": "PostClapsTotalChanged", "oops"'),
    );
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'after-poison', body: { count: 9 } });

    await waitForClaps(postId, 9);
    const { Buckets = [] } = await system.clients.s3.send(new ListBucketsCommand({}));
    const bucket = Buckets.find((b) => b.Name?.includes('deadletterbucket'))?.Name as string;
    expect(bucket).toBeDefined();
    let letter: { reason: { code: string; message: string }; record: { partitionKey?: string } } | undefined;
    await waitFor(async () => {
      const { Contents = [] } = await system.clients.s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'posts/projectClaps/' }),
      );
      for (const object of Contents) {
        const body = await system.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
        const parsed = JSON.parse(
          await (body.Body as { transformToString: () => Promise<string> }).transformToString(),
        );
        if (parsed.record?.partitionKey === postId) letter = parsed;
      }
      return letter !== undefined;
    }, 'the dead letter of the malformed record');
    expect(letter?.reason.code).toBe('EVENT_DECODE_FAILED');
    expect(letter?.reason.message).toMatch(/JSON/);
  });

  it('resumes a failed batch at the failed record: with publishing failing half the time, nothing is skipped', async () => {
    const posts = await Promise.all([1, 2, 3, 4].map(() => system.createClappablePost()));
    const publisherBefore = await system.mapping('publishClaps');
    // Half the PutRecord calls fail for a few seconds with an error the writer does not retry (a KMS key
    // briefly unusable): the publisher fails those posts, reports them in batchItemFailures, and
    // Lambda's rule redelivers from the lowest one. (Throttling alone the writer's own retries absorb.)
    await system.setKinesisFaults({ errorRate: { PutRecord: 0.5 }, errorCode: 'KMSAccessDeniedException' });
    const expected = new Map<string, number>();
    try {
      for (let round = 0; round < 5; round++) {
        await Promise.all(
          posts.map(async (postId, i) => {
            const count = ((round * 11 + i * 7) % 50) + 1;
            expected.set(postId, (expected.get(postId) ?? 0) + count);
            await system.call('PUT', `/posts/${postId}/claps`, {
              memberId: `flaky-${round}`,
              body: { count },
            });
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 4_000));
    } finally {
      await system.setKinesisFaults({});
    }

    for (const postId of posts) await waitForClaps(postId, expected.get(postId) as number, 90_000);
    const publisher = await system.mapping('publishClaps');
    expect(publisher.partialFailures + publisher.errors).toBeGreaterThan(
      publisherBefore.partialFailures + publisherBefore.errors,
    );
    for (const postId of posts) {
      const versions = [
        ...new Set(
          (await eventsOf(postId)).filter((e) => e.type === 'ClapsByMemberChanged').map((e) => e.version),
        ),
      ].sort((a, b) => a - b);
      expect(versions).toEqual([1, 2, 3, 4, 5]);
    }
  });
});
