import { setImmediate as nextTurn } from 'node:timers/promises';
import { CheckpointStore } from '../../src/esm/CheckpointStore';
import type { InvokeResult } from '../../src/esm/LambdaInvoker';
import { laneOf } from '../../src/esm/lanes';
import { ShardPoller } from '../../src/esm/ShardPoller';
import { type FakeCall, functionError, reportedFailures, succeeded } from '../helpers/FakeFunction';
import { FakeShardSource } from '../helpers/FakeShardSource';
import { defaultSettings, pollerHarness, stopPollers } from '../helpers/pollerHarness';
import { positionOf, sequenceNumberAt as seq, sourceRecord } from '../helpers/sourceRecords';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

afterEach(async () => {
  await stopPollers();
  removeTempDirs();
});

const KEYS = ['post-a', 'post-b', 'post-c', 'post-d', 'post-e', 'post-f', 'post-g', 'post-h'];

/** Records 1..count whose partition keys cycle through `keys`. */
const keyedRecords = (count: number, keys = KEYS) =>
  Array.from({ length: count }, (_, index) =>
    sourceRecord(index + 1, { partitionKey: keys[index % keys.length] as string }),
  );

const keyOfPosition = (position: number, keys = KEYS) => keys[(position - 1) % keys.length] as string;

const keysOf = (call: FakeCall) =>
  call.records.map((record) => (record.kinesis as { partitionKey: string }).partitionKey);

/** Per key, the positions delivered to the function, in invocation order. */
const perKey = (calls: FakeCall[]): Map<string, number[]> => {
  const keys = new Map<string, number[]>();
  for (const call of calls) {
    call.positions.forEach((position, index) => {
      const key = keysOf(call)[index] as string;
      keys.set(key, [...(keys.get(key) ?? []), position]);
    });
  }
  return keys;
};

describe('laneOf', () => {
  it('sends every record of a key to the same lane, and spreads keys over every lane', () => {
    const lanes = KEYS.concat(Array.from({ length: 40 }, (_, i) => `k-${i}`)).map((key) => laneOf(key, 4));

    expect(laneOf('post-a', 4)).toBe(laneOf('post-a', 4));
    expect(new Set(lanes)).toEqual(new Set([0, 1, 2, 3]));
    expect(laneOf('post-a', 1)).toBe(0);
  });
});

describe('ShardPoller with a ParallelizationFactor', () => {
  it('delivers each key in order, never mixes lanes in a batch, and checkpoints at the end', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(keyedRecords(40)),
      settings: { batchSize: 3, parallelizationFactor: 4 },
    });

    await h.runUntil(() => h.checkpointPosition() === 40, 'the whole shard checkpointed');

    for (const call of h.fn.calls) {
      expect(new Set(keysOf(call).map((key) => laneOf(key, 4))).size).toBe(1);
      expect(call.positions.length).toBeLessThanOrEqual(3);
    }
    for (const [key, positions] of perKey(h.fn.calls)) {
      const expected = Array.from({ length: 40 }, (_, i) => i + 1).filter((p) => keyOfPosition(p) === key);
      expect(positions).toEqual(expected);
    }
  });

  it('runs up to ParallelizationFactor batches of one shard at once', async () => {
    const source = new FakeShardSource(keyedRecords(40));
    const checkpoints = new CheckpointStore(`${tempDir()}/checkpoints.json`, 60_000);
    let inFlight = 0;
    let maxInFlight = 0;
    const poller = new ShardPoller({
      source,
      shardId: source.shardId,
      settings: () => ({ ...defaultSettings(), batchSize: 2, parallelizationFactor: 3 }),
      invoke: async (): Promise<InvokeResult> => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        for (let turn = 0; turn < 5; turn++) await nextTurn();
        inFlight -= 1;
        return succeeded();
      },
      checkpoints,
      pollIntervalMs: 1,
      onBatch: () => undefined,
      onDiscard: () => undefined,
      onError: () => undefined,
    });
    const running = poller.run();
    for (let turn = 0; turn < 2_000 && checkpoints.get(source.shardId)?.sequenceNumber !== seq(40); turn++) {
      await nextTurn();
    }
    poller.stop();
    await running;
    checkpoints.flush();

    expect(checkpoints.get(source.shardId)?.sequenceNumber).toBe(seq(40));
    expect(maxInFlight).toBe(3);
  });

  it('holds back the checkpoint at a failing lane while the other lanes go on, and keeps that key in order', async () => {
    const failing = keyOfPosition(3);
    let failures = 0;
    const h = pollerHarness({
      source: new FakeShardSource(keyedRecords(16)),
      settings: { batchSize: 10, parallelizationFactor: 4 },
      respond: (call) =>
        call.positions.includes(3) && failures++ < 3 ? functionError('poison') : succeeded(),
    });

    await h.waitFor(() => failures >= 2, 'two failures of the poisoned lane');

    // Other lanes were delivered past record 3, but the shard's checkpoint stays before it.
    expect(Math.max(...h.delivered())).toBeGreaterThan(3);
    expect(h.checkpointPosition() ?? 0).toBeLessThan(3);
    // The failing key's records after 3 only ever travel behind record 3, in the same batch.
    for (const call of h.fn.calls.filter((c) => keysOf(c).includes(failing))) {
      const positions = call.positions.filter((_, i) => keysOf(call)[i] === failing);
      expect(positions[0]).toBeLessThanOrEqual(3);
    }

    await h.runUntil(() => h.checkpointPosition() === 16, 'the shard done once record 3 succeeds');
    const delivered = perKey(h.fn.calls.filter((call) => call.positions.includes(3)).slice(-1));
    expect(delivered.get(failing)?.[0]).toBe(3);
  });

  it('redelivers a lane from its lowest reported failure only, keeping every key in order', async () => {
    let reported = false;
    const h = pollerHarness({
      source: new FakeShardSource(keyedRecords(16, ['a', 'b'])),
      settings: { batchSize: 8, parallelizationFactor: 2 },
      respond: (call) => {
        if (!reported && call.positions.includes(5)) {
          reported = true;
          return reportedFailures(seq(5));
        }
        return succeeded();
      },
    });

    await h.runUntil(() => h.checkpointPosition() === 16, 'the whole shard checkpointed');

    const lane5 = h.fn.calls.filter((call) => call.positions.includes(5));
    expect(lane5.map((call) => call.positions)).toEqual([
      [1, 3, 5, 7, 9, 11, 13, 15],
      [5, 7, 9, 11, 13, 15],
    ]);
    const other = h.fn.calls.filter((call) => call.positions.includes(2));
    expect(other.map((call) => call.positions)).toEqual([[2, 4, 6, 8, 10, 12, 14, 16]]);
  });

  it('discards per lane after the retries and bisects per lane without skipping or reordering a key', async () => {
    const h = pollerHarness({
      source: new FakeShardSource(keyedRecords(12, ['a', 'b', 'c'])),
      settings: {
        batchSize: 4,
        parallelizationFactor: 3,
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 1,
      },
      respond: (call) => (call.positions.includes(4) ? functionError('poison') : succeeded()),
    });

    await h.runUntil(() => h.checkpointPosition() === 12, 'the whole shard checkpointed');

    expect(
      h.discards.map((batch) => batch.records.map((record) => positionOf(record.sequenceNumber))),
    ).toEqual([[4]]);
    const succeededPositions = h.fn.calls
      .filter((call) => !call.positions.includes(4))
      .flatMap((call) => call.positions);
    for (const key of ['a', 'b', 'c']) {
      const positions = succeededPositions.filter((p) => keyOfPosition(p, ['a', 'b', 'c']) === key);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
    }
    expect(new Set(succeededPositions)).toEqual(new Set([1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12]));
  });
});
