import { parseFilterPatterns } from '../../src/esm/filterPatterns';
import { FakeClock } from '../helpers/FakeClock';
import { reportedFailures, succeeded } from '../helpers/FakeFunction';
import { FakeShardSource } from '../helpers/FakeShardSource';
import { POLL_INTERVAL_MS, pollerHarness, stopPollers } from '../helpers/pollerHarness';
import { sequenceNumberAt as seq, sourceRecord, sourceRecords } from '../helpers/sourceRecords';
import { removeTempDirs } from '../helpers/tempDirs';

afterEach(async () => {
  await stopPollers();
  removeTempDirs();
});

describe('ShardPoller with FilterCriteria', () => {
  const keepOnlyCreated = parseFilterPatterns([JSON.stringify({ data: { type: ['Created'] } })]);

  it('invokes the function with the matching records only, and checkpoints past the others', async () => {
    const h = pollerHarness({
      source: new FakeShardSource([
        sourceRecord(1, { data: { type: 'Created' } }),
        sourceRecord(2, { data: { type: 'Deleted' } }),
        sourceRecord(3, { data: { type: 'Created' } }),
        sourceRecord(4, { data: { type: 'Deleted' } }),
      ]),
      settings: { filters: keepOnlyCreated },
    });

    await h.runUntil(() => h.checkpointPosition() === 4, 'the batch acknowledged');

    expect(h.fn.batches()).toEqual([[1, 3]]);
  });

  it('does not invoke the function for a batch where nothing matches, and still checkpoints past it', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 3, { data: { type: 'Deleted' } })),
      settings: { filters: keepOnlyCreated },
    });

    await h.runUntil(() => h.checkpointPosition() === 3, 'the dropped records checkpointed past');

    expect(h.fn.calls).toEqual([]);
  });

  it('drops records whose data is not JSON when there are filters', async () => {
    const notJson = { ...sourceRecord(1), filterView: { sequenceNumber: seq(1), data: undefined } };
    const h = pollerHarness({
      source: new FakeShardSource([notJson, sourceRecord(2, { data: { type: 'Created' } })]),
      settings: { filters: keepOnlyCreated },
    });

    await h.runUntil(() => h.checkpointPosition() === 2, 'the batch acknowledged');

    expect(h.fn.batches()).toEqual([[2]]);
  });
});

describe('ShardPoller when the mapping is disabled', () => {
  it('does not read or invoke while disabled, then resumes where it was once enabled again', async () => {
    const source = new FakeShardSource(sourceRecords(1, 3));
    const h = pollerHarness({ source, settings: { enabled: false } });

    await h.turns(50);
    expect(h.fn.calls).toEqual([]);
    expect(source.reads).toEqual([]);
    expect(h.sleeps.every((ms) => ms === POLL_INTERVAL_MS)).toBe(true);

    h.update({ enabled: true });
    await h.runUntil(() => h.checkpointPosition() === 3, 'the records after enabling');

    expect(h.fn.batches()).toEqual([[1, 2, 3]]);
  });

  it('finishes the batch in flight when disabled, then stops invoking', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 6)),
      settings: { batchSize: 2 },
      respond: (_call, index) => {
        if (index === 0) h.update({ enabled: false });
        return succeeded();
      },
    });

    await h.waitFor(() => h.fn.calls.length >= 1, 'the first batch');
    await h.turns(50);

    expect(h.fn.batches()).toEqual([[1, 2]]);
    expect(h.checkpointPosition()).toBe(2);

    h.update({ enabled: true });
    await h.runUntil(() => h.checkpointPosition() === 6, 'the rest after enabling');
    expect(h.fn.batches()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  it('keeps a partially failed batch buffered while disabled and redelivers it from the failed record', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 4)),
      respond: (_call, index) => {
        if (index === 0) {
          h.update({ enabled: false });
          return reportedFailures(seq(3));
        }
        return succeeded();
      },
    });

    await h.waitFor(() => h.fn.calls.length >= 1, 'the first batch');
    await h.turns(50);
    h.update({ enabled: true });
    await h.runUntil(() => h.checkpointPosition() === 4, 'the redelivery');

    expect(h.fn.batches()).toEqual([
      [1, 2, 3, 4],
      [3, 4],
    ]);
  });
});

describe('ShardPoller on a closed shard', () => {
  it('reads a closed shard to its end, then resolves run() with true and marks the checkpoint finished', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 5), { closed: true }),
      settings: { batchSize: 2 },
    });

    await h.waitFor(() => h.settled, 'run() to resolve on its own');

    expect(await h.stop()).toBe(true);
    expect(h.fn.batches()).toEqual([[1, 2], [3, 4], [5]]);
    expect(h.checkpoint()).toEqual({ sequenceNumber: seq(5), finished: true });
  });

  it('finishes an empty closed shard without invoking the function', async () => {
    const h = pollerHarness({ source: new FakeShardSource([], { closed: true }) });

    await h.waitFor(() => h.settled, 'run() to resolve on its own');

    expect(await h.stop()).toBe(true);
    expect(h.fn.calls).toEqual([]);
    expect(h.checkpoint()).toEqual({ finished: true });
  });

  it('does not finish a closed shard before its last batch succeeded', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 2), { closed: true }),
      respond: (_call, index) => (index < 3 ? reportedFailures(seq(2)) : succeeded()),
    });

    await h.waitFor(() => h.settled, 'run() to resolve on its own');

    expect(h.fn.batches()).toEqual([[1, 2], [2], [2], [2]]);
    expect(h.checkpoint()).toEqual({ sequenceNumber: seq(2), finished: true });
  });

  it('resolves run() with false when stopped before the end of an open shard', async () => {
    const h = pollerHarness({ source: new FakeShardSource(sourceRecords(1, 2)) });

    await h.waitFor(() => h.checkpointPosition() === 2, 'the records acknowledged');

    expect(await h.stop()).toBe(false);
    expect(h.checkpoint()?.finished).toBeUndefined();
  });
});

describe('ShardPoller iterators', () => {
  it('follows NextShardIterator while reading, with one GetShardIterator at the start', async () => {
    const clock = new FakeClock();
    const source = new FakeShardSource(sourceRecords(1, 2), { now: clock.now });
    source.append(sourceRecords(3, 4), 3_000);
    const h = pollerHarness({ source, clock });

    await h.runUntil(() => h.checkpointPosition() === 4, 'all 4 records');

    expect(source.iteratorRequests).toEqual([{ type: 'TRIM_HORIZON' }]);
  });

  it('asks for a new iterator after the last record seen when a read returns nothing (reacquireIteratorWhenEmpty)', async () => {
    const clock = new FakeClock();
    // An iterator handed out by an empty read never sees later records (DynamoDB Local).
    const source = new FakeShardSource(sourceRecords(1, 2), {
      now: clock.now,
      reacquireIteratorWhenEmpty: true,
      staleIteratorAfterEmptyRead: true,
    });
    source.append(sourceRecords(3, 4), 3_000);
    const h = pollerHarness({ source, clock });

    await h.runUntil(() => h.checkpointPosition() === 4, 'the records written later');

    expect(h.fn.batches()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(source.iteratorRequests[0]).toEqual({ type: 'TRIM_HORIZON' });
    expect(source.iteratorRequests).toContainEqual({ type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: seq(2) });
  });

  it('asks for a new iterator at the starting position after an empty read of an empty shard', async () => {
    const clock = new FakeClock();
    const source = new FakeShardSource([], {
      now: clock.now,
      reacquireIteratorWhenEmpty: true,
      staleIteratorAfterEmptyRead: true,
    });
    source.append(sourceRecords(1, 2), 3_000);
    const h = pollerHarness({ source, clock });

    await h.runUntil(() => h.checkpointPosition() === 2, 'the first records of the shard');

    expect(h.fn.batches()).toEqual([[1, 2]]);
    expect(source.iteratorRequests.every((position) => position.type === 'TRIM_HORIZON')).toBe(true);
  });

  it.each(['ExpiredIteratorException', 'TrimmedDataAccessException'])(
    'after %s, re-acquires the iterator after the checkpoint and misses nothing',
    async (errorName) => {
      const clock = new FakeClock();
      const source = new FakeShardSource(sourceRecords(1, 2), { now: clock.now });
      source.append(sourceRecords(3, 4), 3_000);
      const h = pollerHarness({
        source,
        clock,
        respond: (_call, index) => {
          if (index === 0) source.failReads(errorName);
          return succeeded();
        },
      });

      await h.runUntil(() => h.checkpointPosition() === 4, 'all 4 records');

      expect(h.fn.batches()).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(source.iteratorRequests).toEqual([
        { type: 'TRIM_HORIZON' },
        { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: seq(2) },
      ]);
      expect(h.errors).toEqual([]);
    },
  );

  it.each(['ExpiredIteratorException', 'TrimmedDataAccessException'])(
    'after %s, re-acquires the iterator after the last buffered record, not after the checkpoint',
    async (errorName) => {
      const source = new FakeShardSource(sourceRecords(1, 6));
      const h = pollerHarness({
        source,
        settings: { batchSize: 4 },
        respond: (_call, index) => {
          if (index === 0) {
            // Records 3 and 4 stay buffered for the redelivery; the read that tops the batch up fails.
            source.failReads(errorName);
            return reportedFailures(seq(3));
          }
          return succeeded();
        },
      });

      await h.runUntil(() => h.checkpointPosition() === 6, 'all 6 records');

      expect(h.fn.batches()).toEqual([
        [1, 2, 3, 4],
        [3, 4, 5, 6],
      ]);
      expect(source.iteratorRequests).toEqual([
        { type: 'TRIM_HORIZON' },
        { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: seq(4) },
      ]);
    },
  );

  it('retries a throttled read after a pause and reports the throttling once, not at every poll', async () => {
    const source = new FakeShardSource(sourceRecords(1, 2));
    source.failReads('ProvisionedThroughputExceededException', 3);
    const h = pollerHarness({ source });

    await h.runUntil(() => h.checkpointPosition() === 2, 'the records after the throttling');

    expect(h.fn.batches()).toEqual([[1, 2]]);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toContain('ProvisionedThroughputExceededException');
    expect(h.sleeps.slice(0, 3).every((ms) => ms >= 200)).toBe(true);
  });

  it('reports every unexpected read error and keeps polling', async () => {
    const source = new FakeShardSource(sourceRecords(1, 2));
    source.failReads('AccessDeniedException', 2);
    const h = pollerHarness({ source });

    await h.runUntil(() => h.checkpointPosition() === 2, 'the records after the errors');

    expect(h.errors).toHaveLength(2);
    expect(h.fn.batches()).toEqual([[1, 2]]);
  });

  it('pauses between attempts when GetShardIterator itself keeps failing with TrimmedDataAccessException', async () => {
    const source = new FakeShardSource(sourceRecords(1, 2));
    source.failIterators('TrimmedDataAccessException', 5);
    const h = pollerHarness({ source });

    await h.runUntil(() => h.checkpointPosition() === 2, 'the records once an iterator is granted');

    // Five failed GetShardIterator calls, each followed by a pause: no busy loop.
    expect(source.iteratorRequests).toHaveLength(6);
    expect(h.sleeps.length).toBeGreaterThanOrEqual(5);
    expect(h.errors).toHaveLength(1);
  });
});
