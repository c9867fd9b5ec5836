import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CheckpointStore, type ShardCheckpoint } from '../../src/esm/CheckpointStore';
import {
  type BatchOutcome,
  type DiscardedBatch,
  type PollerSettings,
  ShardPoller,
} from '../../src/esm/ShardPoller';
import { FakeClock } from './FakeClock';
import { FakeFunction, type Responder } from './FakeFunction';
import type { FakeShardSource } from './FakeShardSource';
import { positionOf } from './sourceRecords';
import { tempDir } from './tempDirs';

export const FUNCTION_NAME = 'consumer';
export const POLL_INTERVAL_MS = 1_000;

/** Lambda's defaults, except TRIM_HORIZON and ReportBatchItemFailures, which most tests want. */
export const defaultSettings = (): PollerSettings => ({
  functionName: FUNCTION_NAME,
  enabled: true,
  batchSize: 100,
  maximumBatchingWindowMs: 0,
  startingPosition: 'TRIM_HORIZON',
  bisectBatchOnFunctionError: false,
  maximumRetryAttempts: -1,
  maximumRecordAgeMs: -1,
  reportBatchItemFailures: true,
  filters: [],
});

export interface PollerHarnessOptions {
  source: FakeShardSource;
  /** Shared with the source when records appear over time. */
  clock?: FakeClock;
  settings?: Partial<PollerSettings>;
  respond?: Responder;
  /** Checkpoint file to use (to resume from a previous harness); a fresh one by default. */
  checkpointFile?: string;
}

/**
 * A ShardPoller wired to fakes: a fake source and function, a fake clock that the injected sleep
 * advances (each sleep also yields one turn of the event loop), a real CheckpointStore in a temp dir,
 * and every callback recorded.
 */
const started = new Set<{ stop(): Promise<boolean> }>();

/** Stops every poller a test started and left running (afterEach), so none outlives its test. */
export const stopPollers = async (): Promise<void> => {
  const harnesses = [...started];
  started.clear();
  await Promise.all(harnesses.map((harness) => harness.stop()));
};

export const pollerHarness = (options: PollerHarnessOptions) => {
  const clock = options.clock ?? new FakeClock();
  const fn = new FakeFunction(options.respond, clock.now);
  const checkpointFile = options.checkpointFile ?? join(tempDir(), 'checkpoints.json');
  const checkpoints = new CheckpointStore(checkpointFile, 60_000, clock.now);
  let settings: PollerSettings = { ...defaultSettings(), ...options.settings };
  let stopWhen: (() => boolean) | undefined;
  /** Stops the poller as soon as the awaited condition holds, so it does not run on past it. */
  const checkStop = () => {
    if (stopWhen?.()) poller.stop();
  };
  const outcomes: BatchOutcome[] = [];
  const discards: DiscardedBatch[] = [];
  const errors: string[] = [];
  const sleeps: number[] = [];
  const poller = new ShardPoller({
    source: options.source,
    shardId: options.source.shardId,
    settings: () => settings,
    invoke: async (functionName, payload) => {
      const result = await fn.invoke(functionName, payload);
      checkStop();
      return result;
    },
    checkpoints,
    pollIntervalMs: POLL_INTERVAL_MS,
    onBatch: (outcome) => outcomes.push(outcome),
    onDiscard: (batch) => {
      discards.push(batch);
      checkStop();
    },
    onError: (message) => errors.push(message),
    now: clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
      await nextTurn();
    },
  });
  let running: Promise<boolean> | undefined;
  let settled = false;

  const harness = {
    poller,
    fn,
    clock,
    checkpoints,
    checkpointFile,
    outcomes,
    discards,
    errors,
    sleeps,
    get settled() {
      return settled;
    },
    /** Changes the settings the poller reads before its next batch. */
    update(changes: Partial<PollerSettings>): void {
      settings = { ...settings, ...changes };
    },
    start(): void {
      if (running) return;
      started.add(harness);
      running = poller.run().finally(() => {
        settled = true;
      });
    },
    /**
     * Lets the poller run until `condition` holds, checked after every invocation and discard and at
     * every turn of the event loop; fails (instead of hanging) after `maxTurns` turns.
     */
    async waitFor(condition: () => boolean, what: string, maxTurns = 20_000): Promise<void> {
      harness.start();
      for (let turn = 0; turn < maxTurns; turn++) {
        if (condition()) return;
        if (settled) break;
        await nextTurn();
      }
      await harness.stop();
      throw new Error(
        `Gave up waiting for ${what}; batches so far: ${JSON.stringify(fn.batches())}, errors: ${JSON.stringify(errors)}`,
      );
    },
    /** Lets the poller run for `count` turns of the event loop. */
    async turns(count: number): Promise<void> {
      harness.start();
      for (let turn = 0; turn < count; turn++) await nextTurn();
    },
    /** Stops the poller and returns what run() resolved with. */
    async stop(): Promise<boolean> {
      poller.stop();
      const finished = await (running ?? Promise.resolve(false));
      checkpoints.flush();
      return finished;
    },
    /** Runs the poller until `condition` holds, then stops it (before it starts another batch). */
    async runUntil(condition: () => boolean, what: string): Promise<void> {
      stopWhen = condition;
      try {
        await harness.waitFor(condition, what);
      } finally {
        stopWhen = undefined;
      }
      await harness.stop();
    },
    /** The position of the record the shard's checkpoint is after, if any. */
    checkpointPosition(): number | undefined {
      const sequenceNumber = harness.checkpoint()?.sequenceNumber;
      return sequenceNumber === undefined ? undefined : positionOf(sequenceNumber);
    },
    checkpoint(): ShardCheckpoint | undefined {
      return checkpoints.get(options.source.shardId);
    },
    /** Positions of every record the function has been invoked with so far, flattened in order. */
    delivered(): number[] {
      return fn.batches().flat();
    },
  };
  return harness;
};

export type PollerHarness = ReturnType<typeof pollerHarness>;
