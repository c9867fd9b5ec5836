import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { EventStore } from '../../../event-store/src/store/EventStore';
import { eventsTableDefinition } from '../../../event-store/src/store/eventsTableDefinition';
import { JobStore, jobsTableDefinition, ReplayRunner, type ReplaySpec, sourceFor } from '../../src';
import type { RunReplayEvent } from '../../src/api/schemas';
import { type RunReplayOutcome, runReplay } from '../../src/functions/runReplay/runReplay';
import { at, expectedIdsByKey, history } from '../helpers/events';
import { clientWithoutSdkRetries, createStream, idsByKey, readAll } from '../helpers/streams';

// A job longer than one invocation: each invocation is given little time, so it yields at a checkpoint and
// starts the next, which continues from there — against DynamoDB Local and Kinesis with shard limits.
let emulators: TestEmulators;
let clients: ReturnType<typeof createAwsClients>;
let kinesis: KinesisClient;
const events = history(20, 30, 2); // 600 events over 2 hour buckets

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: true, dynamodb: true });
  clients = createAwsClients(emulators.env);
  kinesis = clientWithoutSdkRetries(emulators.env);
  await clients.dynamodb.send(new CreateTableCommand(eventsTableDefinition('events')));
  await clients.dynamodb.send(new CreateTableCommand(jobsTableDefinition('jobs')));
  await new EventStore(clients.documents, { table: 'events' }).append(events);
  await createStream(clients.kinesis, 'replay-chain', 2);
});

afterAll(() => emulators?.stop());

const MARGIN_MS = 60_000;

/**
 * A Lambda context whose remaining time falls below the margin at the `checkpoints`-th checkpoint (the
 * runner asks once per checkpoint; each batch takes a second of the invocation's time).
 */
const contextWithTimeFor = (checkpoints: number) => {
  let remaining = MARGIN_MS + (checkpoints - 1) * 1_000 - 500;
  return {
    getRemainingTimeInMillis: () => {
      const left = remaining;
      remaining -= 1_000;
      return left;
    },
  };
};

describe('runReplay: a job longer than one invocation runs as a chain of invocations', () => {
  it('yields at a checkpoint when time runs short and the next invocation continues: every event once, in order', async () => {
    const jobs = new JobStore(clients.documents, 'jobs');
    const spec: ReplaySpec = { source: 'event-store', from: at(0), to: at(3 * 3600), rateShare: 1 };
    const job = await jobs.create(spec, 'replay-chain');
    const queued: RunReplayEvent[] = [];
    const checkpointsSeen: number[] = [];
    const invoke = runReplay({
      runnerFor: (owner, shouldYield) =>
        new ReplayRunner({
          jobs,
          kinesis,
          sourceFor: sourceFor({ documents: clients.documents, s3: clients.s3, eventsTable: 'events' }),
          owner,
          shouldYield,
          batchSize: 100,
          writeMode: 'put-records',
          onProgress: (progress) => checkpointsSeen.push(progress.sent),
        }),
      startRunner: async (event) => void queued.push(event),
      marginMs: MARGIN_MS,
      log: () => undefined,
    });

    // The first invocation, then each one the previous started, as Lambda would run them.
    const outcomes: RunReplayOutcome[] = [];
    let next: RunReplayEvent | undefined = { jobId: job.jobId, owner: 'runner:chain-1' };
    while (next) {
      const progressBefore = (await jobs.get(job.jobId))?.progress.sent ?? 0;
      const outcome = await invoke(next, contextWithTimeFor(2));
      outcomes.push(outcome);
      if (outcome.outcome === 'continued') expect(outcome.sent).toBe(progressBefore + 200);
      next = queued.shift();
    }

    expect(outcomes.map((outcome) => outcome.outcome)).toEqual([
      'continued',
      'continued',
      'continued',
      'succeeded',
    ]);
    expect(new Set(queued)).toEqual(new Set());
    const done = await jobs.get(job.jobId);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 4, progress: { scanned: 600, sent: 600 } });
    // A yield is graceful: the batch was confirmed before the checkpoint, so nothing is sent twice.
    const read = await readAll(clients.kinesis, 'replay-chain');
    expect(read).toHaveLength(600);
    expect(idsByKey(read)).toEqual(expectedIdsByKey(events));
    expect(checkpointsSeen.at(-1)).toBe(600);
  });

  it('skips an invocation for a job another runner holds, and one for a finished job', async () => {
    const jobs = new JobStore(clients.documents, 'jobs');
    const spec: ReplaySpec = { source: 'event-store', from: at(0), to: at(60), rateShare: 1 };
    const held = await jobs.create(spec, 'replay-chain');
    await jobs.claim(held.jobId, 'runner:other');
    const invoke = runReplay({
      runnerFor: (owner, shouldYield) =>
        new ReplayRunner({
          jobs,
          kinesis,
          sourceFor: sourceFor({ documents: clients.documents, s3: clients.s3, eventsTable: 'events' }),
          owner,
          shouldYield,
        }),
      startRunner: async () => undefined,
      marginMs: MARGIN_MS,
      log: () => undefined,
    });

    const busy = await invoke({ jobId: held.jobId, owner: 'runner:me' }, contextWithTimeFor(10));
    const unknown = await invoke({ jobId: 'no-such-job', owner: 'runner:me' }, contextWithTimeFor(10));

    expect(busy).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining('held by another runner'),
    });
    expect(unknown).toMatchObject({ outcome: 'skipped', reason: expect.stringContaining('not found') });
  });
});
