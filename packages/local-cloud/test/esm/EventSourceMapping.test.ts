import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventSourceMapping } from '../../src/esm/EventSourceMapping';
import type { ShardSource } from '../../src/esm/types';
import { FakeFunction } from '../helpers/FakeFunction';
import { FakeShardSource } from '../helpers/FakeShardSource';
import { FakeStream } from '../helpers/FakeStream';
import { mappingDefinition } from '../helpers/mappingDefinitions';
import { STREAM_ARN, sourceRecords } from '../helpers/sourceRecords';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const mappings: EventSourceMapping[] = [];

afterEach(async () => {
  await Promise.all(mappings.splice(0).map((mapping) => mapping.stop()));
  removeTempDirs();
});

/** A mapping on the fake source, polling every 5 ms and looking for new shards every `shardDiscoveryMs`. */
const mappingOn = (source: ShardSource, fn: FakeFunction, shardDiscoveryMs = 60_000) => {
  const mapping = new EventSourceMapping(
    mappingDefinition({ functionName: 'consumer', eventSourceArn: STREAM_ARN }),
    {
      source,
      checkpointFile: join(tempDir(), 'mapping.json'),
      invoke: fn.invoke,
      pollIntervalMs: 5,
      shardDiscoveryMs,
      onDiscard: () => undefined,
      log: () => undefined,
    },
  );
  mappings.push(mapping);
  return mapping;
};

describe('EventSourceMapping', () => {
  it('polls the shards it discovers when it starts', async () => {
    const fn = new FakeFunction();
    const mapping = mappingOn(new FakeShardSource(sourceRecords(1, 3)), fn);

    await mapping.start();
    for (let wait = 0; wait < 200 && fn.calls.length === 0; wait++) await sleep(5);

    expect(fn.batches()).toEqual([[1, 2, 3]]);
    expect(mapping.stats()).toMatchObject({
      shards: 1,
      activeShards: 1,
      invocations: 1,
      recordsDelivered: 3,
    });
  });

  it('starts no poller after stop(), even when a shard discovery was under way', async () => {
    const fn = new FakeFunction();
    const source = new FakeShardSource(sourceRecords(1, 2));
    const mapping = mappingOn(source, fn, 10);
    await mapping.start();
    for (let wait = 0; wait < 200 && fn.calls.length === 0; wait++) await sleep(5);
    const release = source.holdListShards();
    const listedBefore = source.listShardsCalls;
    for (let wait = 0; wait < 200 && source.listShardsCalls === listedBefore; wait++) await sleep(5);

    await mapping.stop();
    source.append(sourceRecords(3, 4));
    release();
    await sleep(100);

    expect(fn.batches()).toEqual([[1, 2]]);
    expect(mapping.stats().activeShards).toBe(0);
  });

  it('reads a closed parent shard to its end before it starts the child shard (per-key order across a split)', async () => {
    const fn = new FakeFunction();
    const parent = new FakeShardSource(sourceRecords(1, 3), {
      shardId: 'shardId-000000000000',
      closed: true,
    });
    const child = new FakeShardSource(sourceRecords(11, 13), { shardId: 'shardId-000000000001' });
    const stream = new FakeStream([
      { shard: child, parentShardIds: ['shardId-000000000000'] },
      { shard: parent },
    ]);
    const mapping = mappingOn(stream, fn);

    await mapping.start();
    for (let wait = 0; wait < 400 && fn.calls.length < 2; wait++) await sleep(5);

    expect(fn.batches()).toEqual([
      [1, 2, 3],
      [11, 12, 13],
    ]);
    expect(mapping.stats()).toMatchObject({ shards: 2, activeShards: 1 });
  });

  it('does not start a child shard while its parent still has records to process', async () => {
    const fn = new FakeFunction(() => ({
      ok: false,
      errorType: 'Error',
      errorMessage: 'down',
      durationMs: 1,
    }));
    const parent = new FakeShardSource(sourceRecords(1, 2), {
      shardId: 'shardId-000000000000',
      closed: true,
    });
    const child = new FakeShardSource(sourceRecords(11, 12), { shardId: 'shardId-000000000001' });
    const mapping = mappingOn(
      new FakeStream([{ shard: parent }, { shard: child, parentShardIds: ['shardId-000000000000'] }]),
      fn,
    );

    await mapping.start();
    await sleep(150);

    expect(fn.calls.length).toBeGreaterThan(0);
    expect(fn.calls.every((call) => call.positions.every((position) => position < 10))).toBe(true);
    expect(mapping.stats().activeShards).toBe(1);
  });
});
