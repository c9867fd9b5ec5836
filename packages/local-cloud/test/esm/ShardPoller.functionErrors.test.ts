import { FakeClock } from '../helpers/FakeClock';
import { functionError, poisonedBy, succeeded } from '../helpers/FakeFunction';
import { FakeShardSource } from '../helpers/FakeShardSource';
import { pollerHarness, stopPollers } from '../helpers/pollerHarness';
import { sequenceNumberAt as seq, sourceRecords } from '../helpers/sourceRecords';
import { removeTempDirs } from '../helpers/tempDirs';

afterEach(async () => {
  await stopPollers();
  removeTempDirs();
});

const DAY_MS = 24 * 60 * 60 * 1000;

describe('ShardPoller when the function fails', () => {
  it('retries the whole batch, in order, until it succeeds (MaximumRetryAttempts -1 retries forever)', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 3)),
      settings: { maximumRetryAttempts: -1 },
      respond: (_call, index) => (index < 20 ? functionError() : succeeded()),
    });

    await h.runUntil(() => h.checkpointPosition() === 3, 'the batch acknowledged');

    expect(h.fn.calls).toHaveLength(21);
    expect(new Set(h.fn.batches().map((batch) => batch.join()))).toEqual(new Set(['1,2,3']));
    expect(h.discards).toEqual([]);
  });

  it('reports each failed invocation with the function error', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 2)),
      respond: (_call, index) => (index === 0 ? functionError('no table', 'ResourceNotFound') : succeeded()),
    });

    await h.runUntil(() => h.fn.calls.length >= 2, 'the retry');

    expect(h.outcomes[0]).toMatchObject({
      result: 'error',
      size: 2,
      errorMessage: 'ResourceNotFound: no table',
    });
    expect(h.outcomes[1]).toMatchObject({ result: 'success' });
  });

  it('backs off between retries, longer after each failure', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 1)),
      respond: (_call, index) => (index < 4 ? functionError() : succeeded()),
    });

    await h.runUntil(() => h.checkpointPosition() === 1, 'the record acknowledged');

    const backoffs = h.sleeps.slice(0, 4);
    expect(backoffs).toEqual([...backoffs].sort((a, b) => a - b));
    expect(backoffs[3]).toBeGreaterThan(backoffs[0] ?? 0);
  });

  it('discards the batch after MaximumRetryAttempts retries (RetryAttemptsExhausted) and goes on', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 4)),
      settings: { batchSize: 2, maximumRetryAttempts: 2 },
      respond: poisonedBy(1),
    });

    await h.runUntil(() => h.checkpointPosition() === 4, 'the whole shard processed');

    // One attempt and two retries.
    expect(h.fn.batches()).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
      [3, 4],
    ]);
    expect(h.discards).toHaveLength(1);
    expect(h.discards[0]).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      attempts: 3,
      errorMessage: 'Error: poison',
    });
    expect(h.discards[0]?.records.map((record) => record.sequenceNumber)).toEqual([seq(1), seq(2)]);
  });

  it('with MaximumRetryAttempts 0, discards a failed batch without retrying it', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 4)),
      settings: { batchSize: 2, maximumRetryAttempts: 0 },
      respond: poisonedBy(2),
    });

    await h.runUntil(() => h.checkpointPosition() === 4, 'the whole shard processed');

    expect(h.fn.batches()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(h.discards.map((discard) => discard.condition)).toEqual(['RetryAttemptsExhausted']);
  });
});

describe('ShardPoller with BisectBatchOnFunctionError', () => {
  it('retries a failed batch as its first half', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 8)),
      settings: { bisectBatchOnFunctionError: true },
      respond: poisonedBy(6),
    });

    await h.runUntil(() => h.fn.calls.length >= 2, 'the first retry');

    expect(h.fn.batches()).toEqual([
      [1, 2, 3, 4, 5, 6, 7, 8],
      [1, 2, 3, 4],
    ]);
  });

  it('converges on the poison record without using up retries, and delivers every other record', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 8)),
      settings: { bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 },
      respond: poisonedBy(6),
    });

    await h.runUntil(() => h.checkpointPosition() === 8, 'the whole shard processed');

    // With no retries at all, only splitting can isolate record 6: splits are free.
    expect(h.discards).toHaveLength(1);
    expect(h.discards[0]?.condition).toBe('RetryAttemptsExhausted');
    expect(h.discards[0]?.records.map((record) => record.sequenceNumber)).toEqual([seq(6)]);
    expect(h.fn.batches()).toContainEqual([6]);
    const succeededPositions = h.fn.calls
      .filter((_call, index) => h.outcomes[index]?.result === 'success')
      .flatMap((call) => call.positions);
    expect(succeededPositions.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 7, 8]);
  });

  it('halves each failing batch until the failing one is a single record', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 8)),
      settings: { bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 },
      respond: poisonedBy(1),
    });

    await h.runUntil(() => h.discards.length === 1, 'the poison record discarded');

    expect(h.fn.batches()).toEqual([[1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 3, 4], [1, 2], [1]]);
  });

  it('retries the isolated poison record MaximumRetryAttempts times before discarding it', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 4)),
      settings: { bisectBatchOnFunctionError: true, maximumRetryAttempts: 2 },
      respond: poisonedBy(1),
    });

    await h.runUntil(() => h.discards.length === 1, 'the poison record discarded');

    expect(h.fn.batches()).toEqual([[1, 2, 3, 4], [1, 2], [1], [1], [1]]);
    expect(h.discards[0]).toMatchObject({ condition: 'RetryAttemptsExhausted', attempts: 3 });
  });

  it('does not split a batch whose function succeeded with a partial response', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 4)),
      settings: { bisectBatchOnFunctionError: true },
      respond: (_call, index) =>
        index === 0 ? succeeded({ batchItemFailures: [{ itemIdentifier: seq(3) }] }) : succeeded(),
    });

    await h.runUntil(() => h.checkpointPosition() === 4, 'the whole shard processed');

    expect(h.fn.batches()).toEqual([
      [1, 2, 3, 4],
      [3, 4],
    ]);
  });
});

describe('ShardPoller MaximumRecordAgeInSeconds', () => {
  it('discards records older than the limit (RecordAgeExceeded) without invoking the function', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 3, { arrivalMs: 0 })),
      settings: { maximumRecordAgeMs: 60_000 },
    });
    h.clock.advance(120_000);

    await h.runUntil(() => h.checkpointPosition() === 3, 'the old records checkpointed past');

    expect(h.fn.calls).toEqual([]);
    expect(h.discards).toHaveLength(1);
    expect(h.discards[0]).toMatchObject({ condition: 'RecordAgeExceeded', attempts: 0 });
    expect(h.discards[0]?.records).toHaveLength(3);
  });

  it('gives up on a failing batch once its records grow older than the limit, then goes on', async () => {
    const clock = new FakeClock();
    const source = new FakeShardSource(sourceRecords(1, 2, { arrivalMs: 0 }), { now: clock.now });
    source.append(sourceRecords(3, 4, { arrivalMs: 100_000 }), 100_000);
    const h = pollerHarness({
      source,
      clock,
      settings: { maximumRecordAgeMs: 60_000, maximumRetryAttempts: -1 },
      respond: poisonedBy(1),
    });

    await h.runUntil(() => h.checkpointPosition() === 4, 'the whole shard processed');

    expect(h.discards).toHaveLength(1);
    expect(h.discards[0]?.condition).toBe('RecordAgeExceeded');
    expect(h.discards[0]?.records.map((record) => record.sequenceNumber)).toEqual([seq(1), seq(2)]);
    const lastFailedAttempt = h.fn.calls.filter((call) => call.positions.includes(1)).at(-1);
    expect(lastFailedAttempt?.atMs).toBeLessThanOrEqual(60_000);
    expect(h.fn.batches().at(-1)).toEqual([3, 4]);
  });

  it('with -1, delivers records however old they are', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 2, { arrivalMs: 0 })),
      settings: { maximumRecordAgeMs: -1 },
    });
    h.clock.advance(7 * DAY_MS);

    await h.runUntil(() => h.checkpointPosition() === 2, 'the records acknowledged');

    expect(h.fn.batches()).toEqual([[1, 2]]);
    expect(h.discards).toEqual([]);
  });

  it('reports the iterator age of each batch: received minus the arrival of its last record', async () => {
    const h = pollerHarness({
      source: new FakeShardSource([
        ...sourceRecords(1, 1, { arrivalMs: 1_000 }),
        ...sourceRecords(2, 2, { arrivalMs: 4_000 }),
      ]),
    });
    h.clock.advance(10_000);

    await h.runUntil(() => h.fn.calls.length >= 1, 'one batch');

    expect(h.outcomes[0]?.iteratorAgeMs).toBe(6_000);
  });
});
