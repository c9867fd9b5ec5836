import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { type KinesisClient, PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { EventStore } from '../../../event-store/src/store/EventStore';
import { eventsTableDefinition } from '../../../event-store/src/store/eventsTableDefinition';
import {
  JobStore,
  jobsTableDefinition,
  ReplayRunner,
  type ReplaySpec,
  resolveTarget,
  sourceFor,
} from '../../src';
import { at, expectedIdsByKey, history } from '../helpers/events';
import {
  clientWithoutSdkRetries,
  createStream,
  idsByKey,
  lastSequenceByShard,
  readAll,
} from '../helpers/streams';

// The event store's own writer fills its table: this also checks replay's reading of the table contract.
let emulators: TestEmulators;
let clients: ReturnType<typeof createAwsClients>;
let kinesis: KinesisClient;
const events = history(40, 25, 3); // 1,000 events over 3 hour buckets

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: true, dynamodb: true });
  clients = createAwsClients(emulators.env);
  kinesis = clientWithoutSdkRetries(emulators.env);
  await clients.dynamodb.send(new CreateTableCommand(eventsTableDefinition('events')));
  await clients.dynamodb.send(new CreateTableCommand(jobsTableDefinition('jobs')));
  await new EventStore(clients.documents, { table: 'events' }).append(events);
});

afterAll(() => emulators?.stop());

const sources = () => sourceFor({ documents: clients.documents, s3: clients.s3, eventsTable: 'events' });

const everything: ReplaySpec = { source: 'event-store', from: at(0), to: at(4 * 3600), rateShare: 1 };

describe('ReplayRunner from the event store into a stream (shard limits on)', () => {
  it('sends every event once, each partition key in time order, and records the progress', async () => {
    await createStream(clients.kinesis, 'replay-all', 2);
    const jobs = new JobStore(clients.documents, 'jobs');
    const job = await jobs.create(everything, resolveTarget({ target: 'replay-all' }, 'replay-all'));

    const done = await new ReplayRunner({ jobs, kinesis, sourceFor: sources(), batchSize: 200 }).run(
      job.jobId,
    );

    const read = await readAll(clients.kinesis, 'replay-all');
    expect(read).toHaveLength(1000);
    expect(idsByKey(read)).toEqual(expectedIdsByKey(events));
    expect(done).toMatchObject({ status: 'succeeded', progress: { scanned: 1000, sent: 1000 }, attempts: 1 });
    expect(done.progress.bytes).toBeGreaterThan(1000 * 200);
    expect(done.lastEventAt).toBe(events.at(-1)?.occurredAt);
    // Where the job's records end on each shard: a consumer past these has read the whole replay.
    expect(Object.keys(done.written ?? {})).toHaveLength(2);
    expect(done.written).toEqual(lastSequenceByShard(read));
  });

  it('with put-records (one record per key per call): every event once, each key in time order', async () => {
    await createStream(clients.kinesis, 'replay-batched', 2);
    const jobs = new JobStore(clients.documents, 'jobs');
    const job = await jobs.create(everything, 'replay-batched');

    const done = await new ReplayRunner({
      jobs,
      kinesis,
      sourceFor: sources(),
      writeMode: 'put-records',
    }).run(job.jobId);

    const read = await readAll(clients.kinesis, 'replay-batched');
    expect(read).toHaveLength(1000);
    expect(idsByKey(read)).toEqual(expectedIdsByKey(events));
    expect(done.written).toEqual(lastSequenceByShard(read));
  });

  it('replays only the given types and time range', async () => {
    await createStream(clients.kinesis, 'replay-filtered', 1);
    const jobs = new JobStore(clients.documents, 'jobs');
    const spec: ReplaySpec = {
      ...everything,
      from: at(1800),
      to: at(2 * 3600),
      types: ['ClapsByMemberChanged'],
    };
    const job = await jobs.create(spec, 'replay-filtered');

    await new ReplayRunner({ jobs, kinesis, sourceFor: sources() }).run(job.jobId);

    const expected = events.filter(
      (event) =>
        event.type === 'ClapsByMemberChanged' && event.occurredAt >= at(1800) && event.occurredAt < at(7200),
    );
    const read = await readAll(clients.kinesis, 'replay-filtered');
    expect(read.map((record) => record.event.id).sort()).toEqual(expected.map((event) => event.id).sort());
    expect(idsByKey(read)).toEqual(expectedIdsByKey(expected));
  });

  it('replays named subjects from their histories, in version order', async () => {
    await createStream(clients.kinesis, 'replay-subjects', 1);
    const jobs = new JobStore(clients.documents, 'jobs');
    const subjects = [
      { type: 'post', id: 'post-3' },
      { type: 'post', id: 'post-7' },
    ];
    const job = await jobs.create({ ...everything, subjects }, 'replay-subjects');

    await new ReplayRunner({ jobs, kinesis, sourceFor: sources() }).run(job.jobId);

    const read = await readAll(clients.kinesis, 'replay-subjects');
    const expected = events.filter((event) => event.subject.id === 'post-3' || event.subject.id === 'post-7');
    expect(read).toHaveLength(expected.length);
    for (const id of ['post-3', 'post-7']) {
      const versions = read
        .filter((record) => record.partitionKey === id)
        .map((record) => record.event.version);
      const byVersion = [...versions].sort((a, b) => a - b);
      expect(versions).toEqual(byVersion);
    }
  });

  it.each(['put-record', 'put-records'] as const)(
    'resumes a run killed mid-batch (%s) with nothing missing, per-key order kept, at most one batch re-sent',
    async (writeMode) => {
      await createStream(clients.kinesis, `replay-killed-${writeMode}`, 2);
      // leaseMs 0: the killed runner's lease has expired by the time the second one claims the job.
      const jobs = new JobStore(clients.documents, 'jobs', { leaseMs: 0 });
      const job = await jobs.create(everything, `replay-killed-${writeMode}`);
      const kill = new AbortController();
      let puts = 0;
      const killing = {
        // Kills the run when the 550th record is sent (inside the 6th batch of 100), in either write mode.
        send: (command: PutRecordCommand | PutRecordsCommand) => {
          const before = puts;
          if (command instanceof PutRecordsCommand) puts += command.input.Records?.length ?? 0;
          else if (command instanceof PutRecordCommand) puts += 1;
          if (before < 550 && puts >= 550) kill.abort(new Error('killed'));
          return kinesis.send(command as PutRecordCommand);
        },
      } as unknown as KinesisClient;

      const first = new ReplayRunner({
        jobs,
        kinesis: killing,
        sourceFor: sources(),
        batchSize: 100,
        writeMode,
        signal: kill.signal,
      });
      await expect(first.run(job.jobId)).rejects.toThrow('killed');
      const killed = await jobs.get(job.jobId);
      expect(killed).toMatchObject({ status: 'running', progress: { sent: 500 } });

      const done = await new ReplayRunner({
        jobs,
        kinesis,
        sourceFor: sources(),
        batchSize: 100,
        writeMode,
      }).run(job.jobId);

      expect(done).toMatchObject({ status: 'succeeded', attempts: 2, progress: { sent: 1000 } });
      const read = await readAll(clients.kinesis, `replay-killed-${writeMode}`);
      const resent = read.length - 1000;
      expect(resent).toBeGreaterThanOrEqual(0);
      expect(resent).toBeLessThanOrEqual(100);
      const expected = expectedIdsByKey(events);
      for (const [key, ids] of idsByKey(read)) {
        const want = expected.get(key) ?? [];
        // Per key: a prefix of its events, then a restart no later than right after that prefix, to the end.
        const restart = ids.findIndex(
          (id, index) => index > 0 && want.indexOf(id) <= want.indexOf(ids[index - 1] ?? ''),
        );
        if (restart === -1) expect(ids).toEqual(want);
        else {
          expect(ids.slice(0, restart)).toEqual(want.slice(0, restart));
          const from = want.indexOf(ids[restart] ?? '');
          expect(from).toBeLessThanOrEqual(restart);
          expect(ids.slice(restart)).toEqual(want.slice(from));
        }
      }
      expect(new Set(read.map((record) => record.event.id)).size).toBe(1000);
    },
  );
});
