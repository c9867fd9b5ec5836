import type { InvokeResult } from '../../src/esm/LambdaInvoker';
import { functionError, reportedFailures, succeeded } from '../helpers/FakeFunction';
import { FakeShardSource } from '../helpers/FakeShardSource';
import { pollerHarness, stopPollers } from '../helpers/pollerHarness';
import { sequenceNumberAt as seq, sourceRecords } from '../helpers/sourceRecords';
import { removeTempDirs } from '../helpers/tempDirs';

afterEach(async () => {
  await stopPollers();
  removeTempDirs();
});

describe('ShardPoller with ReportBatchItemFailures', () => {
  it('checkpoints just before the lowest reported sequence number and redelivers from exactly there', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 5)),
      // Reported out of order: the lowest one (2) decides, not the first one listed.
      respond: (_call, index) => (index === 0 ? reportedFailures(seq(4), seq(2)) : succeeded()),
    });

    await h.runUntil(() => h.fn.calls.length >= 2, 'the redelivery');

    expect(h.fn.batches()).toEqual([
      [1, 2, 3, 4, 5],
      [2, 3, 4, 5],
    ]);
    expect(h.outcomes.map((outcome) => outcome.result)).toEqual(['partial', 'success']);
    // What each invocation processed ends just before the failed record, then at the shard's last one.
    expect(h.outcomes.map((outcome) => outcome.lastDeliveredSequenceNumber)).toEqual([seq(1), seq(5)]);
    expect(h.checkpointPosition()).toBe(5);
  });

  it('names no last delivered record when the very first record failed', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 3)),
      respond: (_call, index) => (index === 0 ? reportedFailures(seq(1)) : succeeded()),
    });

    await h.runUntil(() => h.fn.calls.length >= 2, 'the redelivery');

    expect(h.outcomes[0]).toMatchObject({ result: 'partial', delivered: 0 });
    expect(h.outcomes[0]?.lastDeliveredSequenceNumber).toBeUndefined();
    expect(h.outcomes[1]).toMatchObject({ result: 'success', lastDeliveredSequenceNumber: seq(3) });
  });

  it('starts the next batch at the failed record and fills it up to BatchSize with the records after it', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 8)),
      settings: { batchSize: 3 },
      respond: (_call, index) => (index === 0 ? reportedFailures(seq(2)) : succeeded()),
    });

    await h.runUntil(() => h.checkpointPosition() === 8, 'the whole shard processed');

    expect(h.fn.batches()).toEqual([[1, 2, 3], [2, 3, 4], [5, 6, 7], [8]]);
  });

  it('checkpoints the records before the failed one as soon as the partial response arrives', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 5)),
      respond: () => reportedFailures(seq(4)),
    });

    await h.runUntil(() => h.fn.calls.length >= 1, 'the first batch');

    expect(h.checkpointPosition()).toBe(3);
  });

  it('neither skips a record nor redelivers one before the failure, whatever fails', async () => {
    const failOnce = new Set([3, 7, 8, 12]);
    const reported: number[][] = [];
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 14)),
      settings: { batchSize: 4 },
      respond: (call) => {
        const failed = call.positions.filter((position) => failOnce.delete(position));
        reported.push(failed);
        return failed.length ? reportedFailures(...failed.map(seq)) : succeeded();
      },
    });

    await h.runUntil(() => h.checkpointPosition() === 14, 'the whole shard processed');

    // Each batch starts at the lowest failed record of the one before, or right after it on success.
    let expectedStart = 1;
    h.fn.calls.forEach((call, index) => {
      expect(call.positions[0]).toBe(expectedStart);
      const failed = reported[index] ?? [];
      expectedStart = failed.length ? Math.min(...failed) : (call.positions.at(-1) ?? 0) + 1;
    });
    expect(expectedStart).toBe(15);
    expect([...new Set(h.delivered())]).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
  });

  it('treats an empty batchItemFailures list as success', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 3)),
      respond: () => succeeded({ batchItemFailures: [] }),
    });

    await h.runUntil(() => h.checkpointPosition() === 3, 'the batch acknowledged');

    expect(h.fn.batches()).toEqual([[1, 2, 3]]);
    expect(h.outcomes[0]?.result).toBe('success');
  });

  it('ignores batchItemFailures when the mapping does not report them (the whole batch succeeded)', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 3)),
      settings: { reportBatchItemFailures: false },
      respond: () => reportedFailures(seq(2)),
    });

    await h.runUntil(() => h.checkpointPosition() === 3, 'the batch acknowledged');

    expect(h.fn.batches()).toEqual([[1, 2, 3]]);
  });

  it.each<[string, InvokeResult]>([
    ['an identifier that is not in the batch', reportedFailures(seq(999))],
    ['an empty identifier', reportedFailures('')],
    ['an entry without itemIdentifier', succeeded({ batchItemFailures: [{ id: seq(2) }] })],
    ['a number as identifier', succeeded({ batchItemFailures: [{ itemIdentifier: 2 }] })],
    ['batchItemFailures that is not a list', succeeded({ batchItemFailures: seq(2) })],
    ['a payload that is a string', succeeded('ok')],
    ['a payload that is a number', succeeded(42)],
    ['a payload that is a list', succeeded([seq(2)])],
  ])('retries the whole batch when the response has %s', async (_case, invalid) => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 3)),
      respond: (_call, index) => (index === 0 ? invalid : succeeded()),
    });

    await h.runUntil(() => h.fn.calls.length >= 2, 'the retry');

    expect(h.fn.batches()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(h.outcomes[0]).toMatchObject({
      result: 'error',
      errorMessage: 'invalid batchItemFailures response',
    });
    expect(h.checkpointPosition()).toBe(3);
  });

  it('does not advance the checkpoint while a batch is being retried', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 3)),
      respond: () => functionError(),
    });

    await h.runUntil(() => h.fn.calls.length >= 3, 'three attempts');

    expect(h.checkpoint()).toBeUndefined();
  });

  it('discards the records from the failed one on when they keep failing past MaximumRetryAttempts', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(sourceRecords(1, 5)),
      settings: { batchSize: 3, maximumRetryAttempts: 1 },
      respond: (call) => (call.positions.includes(2) ? reportedFailures(seq(2)) : succeeded()),
    });

    await h.runUntil(() => h.checkpointPosition() === 5, 'the whole shard processed');

    expect(h.fn.batches()).toEqual([[1, 2, 3], [2, 3, 4], [5]]);
    expect(h.discards).toHaveLength(1);
    expect(h.discards[0]).toMatchObject({ condition: 'RetryAttemptsExhausted', attempts: 2 });
    expect(h.discards[0]?.records.map((record) => record.sequenceNumber)).toEqual([seq(2), seq(3), seq(4)]);
  });
});
