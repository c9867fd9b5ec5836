import { FakeClock } from '../helpers/FakeClock';
import { type FakeCall, functionError, succeeded } from '../helpers/FakeFunction';
import { FakeShardSource } from '../helpers/FakeShardSource';
import { pollerHarness, stopPollers } from '../helpers/pollerHarness';
import { SHARD_ID, STREAM_ARN, sequenceNumberAt as seq, sourceRecord } from '../helpers/sourceRecords';
import { removeTempDirs } from '../helpers/tempDirs';

afterEach(async () => {
  await stopPollers();
  removeTempDirs();
});

const WINDOW_MS = 10_000;

/** A shard holding records that arrived at the given times (epoch ms), all readable at once. */
const shardArrivingAt = (arrivals: number[]) =>
  new FakeShardSource(arrivals.map((arrivalMs, index) => sourceRecord(index + 1, { arrivalMs })));

/** A function that counts records per window in its state, as a tumbling-window aggregator does. */
const counting = (call: FakeCall) => {
  const state = call.event.state as { count?: number };
  return succeeded({ state: { count: (state.count ?? 0) + call.records.length } });
};

const windowOf = (call: FakeCall) => call.event.window;

describe('ShardPoller with a tumbling window', () => {
  it('carries the state between the invocations of a window and closes it with a final invocation', async () => {
    const clock = new FakeClock(0);
    const h = pollerHarness({
      source: shardArrivingAt([1_000, 2_000, 3_000, 12_000]),
      clock,
      settings: { batchSize: 2, tumblingWindowMs: WINDOW_MS },
      respond: counting,
    });

    await h.runUntil(
      () => h.fn.calls.filter((call) => call.event.isFinalInvokeForWindow === true).length >= 2,
      'both windows closed',
    );

    expect(
      h.fn.calls.map((call) => ({
        positions: call.positions,
        state: call.event.state,
        final: call.event.isFinalInvokeForWindow,
      })),
    ).toEqual([
      { positions: [1, 2], state: {}, final: false },
      { positions: [3], state: { count: 2 }, final: false },
      { positions: [], state: { count: 3 }, final: true },
      { positions: [4], state: {}, final: false },
      { positions: [], state: { count: 1 }, final: true },
    ]);
    expect(h.fn.calls.slice(0, 3).map(windowOf)).toEqual(
      Array(3).fill({ start: '1970-01-01T00:00:00Z', end: '1970-01-01T00:00:10Z' }),
    );
    expect(windowOf(h.fn.calls[3] as FakeCall)).toEqual({
      start: '1970-01-01T00:00:10Z',
      end: '1970-01-01T00:00:20Z',
    });
    expect(h.fn.calls[0]?.event).toMatchObject({
      shardId: SHARD_ID,
      eventSourceARN: STREAM_ARN,
      isWindowTerminatedEarly: false,
    });
    // The last window closed once its end had passed, not before.
    expect(h.fn.calls[4]?.atMs).toBeGreaterThanOrEqual(20_000);
  });

  it('keeps the checkpoint before a window until its final invocation succeeds', async () => {
    const clock = new FakeClock(0);
    let finals = 0;
    const h = pollerHarness({
      source: shardArrivingAt([1_000, 2_000]),
      clock,
      settings: { tumblingWindowMs: WINDOW_MS },
      respond: (call) => {
        if (call.event.isFinalInvokeForWindow !== true) return counting(call);
        finals += 1;
        return finals === 1 ? functionError('final failed') : succeeded(null);
      },
    });

    await h.waitFor(() => finals === 1, 'the failed final invocation');
    expect(h.checkpoint()).toBeUndefined();

    await h.runUntil(() => finals === 2, 'the final invocation retried');
    expect(h.checkpointPosition()).toBe(2);
    expect(h.errors.some((message) => message.includes('final invocation'))).toBe(true);
  });

  it('treats a response without a state as a failed invocation and retries the batch', async () => {
    const clock = new FakeClock(0);
    const h = pollerHarness({
      source: shardArrivingAt([1_000]),
      clock,
      settings: { tumblingWindowMs: WINDOW_MS },
      respond: (call, index) => (index === 0 ? succeeded({ batchItemFailures: [] }) : counting(call)),
    });

    await h.runUntil(() => h.fn.calls.length >= 2, 'the retry');

    expect(h.outcomes[0]).toMatchObject({ result: 'error' });
    expect(h.fn.batches().slice(0, 2)).toEqual([[1], [1]]);
    expect(h.fn.calls[1]?.event.state).toEqual({});
  });

  it('honours batchItemFailures in a window and keeps the state the function returned', async () => {
    const clock = new FakeClock(0);
    const h = pollerHarness({
      source: shardArrivingAt([1_000, 2_000, 3_000]),
      clock,
      settings: { tumblingWindowMs: WINDOW_MS },
      respond: (call, index) =>
        index === 0
          ? succeeded({ state: { count: 1 }, batchItemFailures: [{ itemIdentifier: seq(2) }] })
          : counting(call),
    });

    await h.runUntil(() => h.fn.calls.some((call) => call.event.isFinalInvokeForWindow), 'the window closed');

    expect(h.fn.calls.map((call) => [call.positions, call.event.state])).toEqual([
      [[1, 2, 3], {}],
      [[2, 3], { count: 1 }],
      [[], { count: 3 }],
    ]);
  });

  it('ends a window early when the state exceeds 1 MB, and goes on in the same window with a fresh state', async () => {
    const clock = new FakeClock(0);
    const h = pollerHarness({
      source: shardArrivingAt([1_000, 2_000]),
      clock,
      settings: { batchSize: 1, tumblingWindowMs: WINDOW_MS },
      respond: (call, index) =>
        call.event.isFinalInvokeForWindow
          ? succeeded(null)
          : succeeded({ state: index === 0 ? { blob: 'x'.repeat(1_100_000) } : { count: 1 } }),
    });

    await h.runUntil(() => h.fn.calls.length >= 4, 'the early end and the regular end');

    expect(
      h.fn.calls.map((call) => ({
        positions: call.positions,
        final: call.event.isFinalInvokeForWindow,
        early: call.event.isWindowTerminatedEarly,
        freshState: JSON.stringify(call.event.state) === '{}',
      })),
    ).toEqual([
      { positions: [1], final: false, early: false, freshState: true },
      { positions: [], final: true, early: true, freshState: false },
      { positions: [2], final: false, early: false, freshState: true },
      { positions: [], final: true, early: false, freshState: false },
    ]);
    expect(windowOf(h.fn.calls[2] as FakeCall)).toEqual(windowOf(h.fn.calls[0] as FakeCall));
  });

  it('closes the window at the end of a closed shard before finishing it', async () => {
    const clock = new FakeClock(0);
    const source = shardArrivingAt([1_000]);
    source.close();
    const h = pollerHarness({ source, clock, settings: { tumblingWindowMs: WINDOW_MS }, respond: counting });

    await h.waitFor(() => h.settled, 'the shard finished');

    expect(h.fn.calls.map((call) => call.event.isFinalInvokeForWindow)).toEqual([false, true]);
    expect(h.checkpoint()).toEqual({ sequenceNumber: seq(1), finished: true });
  });
});
