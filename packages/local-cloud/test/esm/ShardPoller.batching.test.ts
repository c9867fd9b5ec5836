import { MAX_PAYLOAD_BYTES } from '../../src/esm/LambdaInvoker';
import { FakeClock } from '../helpers/FakeClock';
import { succeeded } from '../helpers/FakeFunction';
import { FakeShardSource } from '../helpers/FakeShardSource';
import { FUNCTION_NAME, POLL_INTERVAL_MS, pollerHarness, stopPollers } from '../helpers/pollerHarness';
import { sequenceNumberAt, sourceRecord, sourceRecords } from '../helpers/sourceRecords';
import { removeTempDirs } from '../helpers/tempDirs';

afterEach(async () => {
  await stopPollers();
  removeTempDirs();
});

describe('ShardPoller batching', () => {
  it('invokes the function with batches of at most BatchSize records, in shard order', async () => {
    const h = pollerHarness({ source: new FakeShardSource(sourceRecords(1, 7)), settings: { batchSize: 3 } });

    await h.runUntil(() => h.delivered().length === 7, 'all 7 records');

    expect(h.fn.batches()).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(h.fn.calls.every((call) => call.functionName === FUNCTION_NAME)).toBe(true);
  });

  it('passes the records to the function as Lambda does: { Records: [eventRecord, ...] }', async () => {
    const records = sourceRecords(1, 2);
    const h = pollerHarness({ source: new FakeShardSource(records) });

    await h.runUntil(() => h.fn.calls.length === 1, 'one invocation');

    expect(h.fn.calls[0]?.records).toEqual(records.map((record) => record.eventRecord));
  });

  it('checkpoints after the last record of a batch the function processed', async () => {
    const h = pollerHarness({ source: new FakeShardSource(sourceRecords(1, 5)), settings: { batchSize: 3 } });

    await h.runUntil(() => h.fn.calls.length === 1, 'the first batch');

    expect(h.checkpoint()).toEqual({ sequenceNumber: sequenceNumberAt(3) });
    expect(h.outcomes[0]).toMatchObject({ result: 'success', size: 3 });
  });

  it('does not invoke the function while the shard is empty, and polls about once per interval', async () => {
    const h = pollerHarness({ source: new FakeShardSource([]) });

    await h.turns(20);
    await h.stop();

    expect(h.fn.calls).toEqual([]);
    expect(h.sleeps.length).toBeGreaterThan(3);
    expect(h.sleeps.every((ms) => ms === POLL_INTERVAL_MS)).toBe(true);
  });

  it('starts at the checkpoint of a previous run, not at the starting position', async () => {
    const first = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 4)),
      settings: { batchSize: 2 },
    });
    await first.runUntil(() => first.fn.calls.length === 1, 'the first batch');

    const second = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 4)),
      checkpointFile: first.checkpointFile,
    });
    await second.runUntil(() => second.delivered().length === 2, 'the rest of the shard');

    expect(second.fn.batches()).toEqual([[3, 4]]);
  });

  it('starts a LATEST mapping without a checkpoint at the time the mapping was created', async () => {
    const clock = new FakeClock(10_000);
    const source = new FakeShardSource([
      ...sourceRecords(1, 2, { arrivalMs: 5_000 }),
      ...sourceRecords(3, 4, { arrivalMs: 10_000 }),
    ]);
    const h = pollerHarness({ source, clock, settings: { startingPosition: 'LATEST' } });

    await h.runUntil(() => h.fn.calls.length === 1, 'one batch');

    expect(source.iteratorRequests[0]).toEqual({ type: 'AT_TIMESTAMP', timestampMs: 10_000 });
    expect(h.fn.batches()).toEqual([[3, 4]]);
  });

  it('starts an AT_TIMESTAMP mapping at its StartingPositionTimestamp', async () => {
    const source = new FakeShardSource([
      sourceRecord(1, { arrivalMs: 1_000 }),
      sourceRecord(2, { arrivalMs: 2_000 }),
      sourceRecord(3, { arrivalMs: 3_000 }),
    ]);
    const h = pollerHarness({
      source,
      settings: { startingPosition: 'AT_TIMESTAMP', startingPositionTimestampMs: 2_000 },
    });

    await h.runUntil(() => h.fn.calls.length === 1, 'one batch');

    expect(h.fn.batches()).toEqual([[2, 3]]);
  });

  it('reads BatchSize changes before each batch, without a restart', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 9)),
      settings: { batchSize: 2 },
      respond: (_call, index) => {
        if (index === 0) h.update({ batchSize: 4 });
        return succeeded();
      },
    });

    await h.runUntil(() => h.delivered().length === 9, 'all 9 records');

    expect(h.fn.batches()).toEqual([
      [1, 2],
      [3, 4, 5, 6],
      [7, 8, 9],
    ]);
  });
});

describe('ShardPoller MaximumBatchingWindow', () => {
  it('waits for more records, up to the window, before invoking with a batch that is not full', async () => {
    const clock = new FakeClock();
    const source = new FakeShardSource(sourceRecords(1, 2), { now: clock.now });
    source.append(sourceRecords(3, 4), 2_500);
    const h = pollerHarness({
      source,
      clock,
      settings: { batchSize: 10, maximumBatchingWindowMs: 5_000 },
    });

    await h.runUntil(() => h.fn.calls.length === 1, 'one batch');

    expect(h.fn.batches()).toEqual([[1, 2, 3, 4]]);
    expect(h.fn.calls[0]?.atMs).toBeGreaterThanOrEqual(2_500);
    expect(h.fn.calls[0]?.atMs).toBeLessThanOrEqual(5_000);
  });

  it('invokes with what has arrived once the window is over', async () => {
    const clock = new FakeClock();
    const source = new FakeShardSource(sourceRecords(1, 2), { now: clock.now });
    source.append(sourceRecords(3, 4), 60_000);
    const h = pollerHarness({
      source,
      clock,
      settings: { batchSize: 10, maximumBatchingWindowMs: 5_000 },
    });

    await h.runUntil(() => h.fn.calls.length === 1, 'one batch');

    expect(h.fn.batches()).toEqual([[1, 2]]);
    expect(h.fn.calls[0]?.atMs).toBe(5_000);
  });

  it('invokes as soon as BatchSize records are there, without waiting for the window', async () => {
    const clock = new FakeClock();
    const source = new FakeShardSource(sourceRecords(1, 3), { now: clock.now });
    const h = pollerHarness({
      source,
      clock,
      settings: { batchSize: 3, maximumBatchingWindowMs: 300_000 },
    });

    await h.runUntil(() => h.fn.calls.length === 1, 'one batch');

    expect(h.fn.batches()).toEqual([[1, 2, 3]]);
    expect(h.fn.calls[0]?.atMs).toBe(0);
  });

  it('without a window, invokes with whatever one read returned', async () => {
    const clock = new FakeClock();
    const source = new FakeShardSource(sourceRecords(1, 2), { now: clock.now });
    source.append(sourceRecords(3, 4), 500);
    const h = pollerHarness({ source, clock, settings: { batchSize: 10, maximumBatchingWindowMs: 0 } });

    await h.runUntil(() => h.delivered().length === 4, 'all 4 records');

    expect(h.fn.batches()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(h.fn.calls[0]?.atMs).toBe(0);
  });
});

describe('ShardPoller payload limit', () => {
  const twoMegabytes = 2 * 1024 * 1024;

  it('cuts a batch so that the invocation payload stays within 6 MB', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 5, { sizeBytes: twoMegabytes })),
      settings: { batchSize: 10 },
    });

    await h.runUntil(() => h.delivered().length === 5, 'all 5 records');

    expect(h.fn.batches()).toEqual([[1, 2], [3, 4], [5]]);
    for (const call of h.fn.calls)
      expect(call.positions.length * twoMegabytes).toBeLessThan(MAX_PAYLOAD_BYTES);
  });

  it('delivers a record bigger than the limit on its own rather than never', async () => {
    const h = pollerHarness({
      source: new FakeShardSource([sourceRecord(1, { sizeBytes: MAX_PAYLOAD_BYTES + 1 }), sourceRecord(2)]),
    });

    await h.runUntil(() => h.delivered().length === 2, 'both records');

    expect(h.fn.batches()).toEqual([[1], [2]]);
  });

  it('does not cut a batch of small records', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 50, { sizeBytes: 100_000 })),
      settings: { batchSize: 50 },
    });

    await h.runUntil(() => h.fn.calls.length === 1, 'one batch');

    expect(h.fn.calls[0]?.positions).toHaveLength(50);
  });
});
