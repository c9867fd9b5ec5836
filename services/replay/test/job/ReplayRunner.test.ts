import { ReplayRunner, type ReplaySpec } from '../../src';
import { at, totalChanged } from '../helpers/events';
import { fakeJobs, fakeKinesis, listSource } from '../helpers/fakes';

const spec: ReplaySpec = { source: 'event-store', from: at(0), to: at(1000), rateShare: 1 };
const events = Array.from({ length: 25 }, (_, index) =>
  totalChanged(`post-${index % 3}`, Math.floor(index / 3) + 1, index),
);
const noSleep = async () => undefined;

describe('ReplayRunner checkpoints', () => {
  it('checkpoints after every batch with the position of its last event, and at the end', async () => {
    const jobs = fakeJobs(spec);
    const kinesis = fakeKinesis();

    await new ReplayRunner({
      jobs,
      kinesis: kinesis.client,
      sourceFor: () => listSource(events),
      batchSize: 10,
      sleep: noSleep,
    }).run('job-1');

    expect(
      jobs.checkpoints.map((checkpoint) => [checkpoint.position.index, checkpoint.progress.sent]),
    ).toEqual([
      [9, 10],
      [19, 20],
      [24, 25],
    ]);
    expect(jobs.job.status).toBe('succeeded');
    expect(kinesis.puts.map((put) => JSON.parse(put.data).id)).toEqual(events.map((event) => event.id));
  });

  it('counts filtered-out events as scanned and checkpoints a long run of them', async () => {
    const jobs = fakeJobs({ ...spec, from: at(20) });
    const kinesis = fakeKinesis();

    await new ReplayRunner({
      jobs,
      kinesis: kinesis.client,
      sourceFor: () => listSource(events),
      batchSize: 100,
      checkpointEveryScanned: 8,
      sleep: noSleep,
    }).run('job-1');

    expect(jobs.checkpoints.map((checkpoint) => checkpoint.position.index)).toEqual([7, 15, 23, 24]);
    expect(jobs.job.progress).toMatchObject({ scanned: 25, sent: 5 });
    expect(kinesis.puts).toHaveLength(5);
  });

  it('resumes right after the stored position', async () => {
    const jobs = fakeJobs(spec, {
      status: 'running',
      position: { index: 19 },
      progress: { scanned: 20, sent: 20, bytes: 1 },
    });
    const kinesis = fakeKinesis();

    await new ReplayRunner({
      jobs,
      kinesis: kinesis.client,
      sourceFor: () => listSource(events),
      sleep: noSleep,
    }).run('job-1');

    expect(kinesis.puts.map((put) => JSON.parse(put.data).id)).toEqual(
      events.slice(20).map((event) => event.id),
    );
    expect(jobs.job.progress).toMatchObject({ scanned: 25, sent: 25 });
  });

  it('fails the job when a put fails for good, leaving the checkpoint before the unconfirmed batch', async () => {
    const jobs = fakeJobs(spec);
    const kinesis = fakeKinesis({ failAfter: 15 });

    await expect(
      new ReplayRunner({
        jobs,
        kinesis: kinesis.client,
        sourceFor: () => listSource(events),
        batchSize: 10,
        sleep: noSleep,
      }).run('job-1'),
    ).rejects.toThrow();

    expect(jobs.job.status).toBe('failed');
    expect(jobs.job.position).toEqual({ index: 9 });
    expect(jobs.job.progress.sent).toBe(10);
  });

  it('puts every record with its envelope partition key', async () => {
    const jobs = fakeJobs(spec);
    const kinesis = fakeKinesis();

    await new ReplayRunner({
      jobs,
      kinesis: kinesis.client,
      sourceFor: () => listSource(events),
      sleep: noSleep,
    }).run('job-1');

    expect(kinesis.puts.map((put) => put.key)).toEqual(events.map((event) => event.partitionKey));
  });
});
