import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { JobStore, jobsTableDefinition, type ReplaySpec } from '../../src';

// The state transitions the HTTP routes rely on, with DynamoDB Local's conditional writes.
let emulators: TestEmulators;
let clients: ReturnType<typeof createAwsClients>;
const spec: ReplaySpec = { source: 'event-store', from: '2026-02-01T10:00:00Z', to: '2026-02-01T11:00:00Z' };

beforeAll(async () => {
  emulators = await startEmulators({ dynamodb: true });
  clients = createAwsClients(emulators.env);
  await clients.dynamodb.send(new CreateTableCommand(jobsTableDefinition('jobs')));
});

afterAll(() => emulators?.stop());

describe('JobStore transitions', () => {
  it('takeOver: a running job whose lease expired goes to exactly one new owner, who may then claim it', async () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    const jobs = new JobStore(clients.documents, 'jobs', { leaseMs: 60_000, now: () => now });
    const job = await jobs.create(spec, 'replay');
    await jobs.claim(job.jobId, 'runner:dead');

    expect(await jobs.takeOver(job.jobId, 'runner:early')).toBe(false); // the lease still holds
    now += 61_000;
    const winners = await Promise.all(
      ['runner:a', 'runner:b', 'runner:c'].map((o) => jobs.takeOver(job.jobId, o)),
    );

    expect(winners.filter(Boolean)).toHaveLength(1);
    const owner = (await jobs.get(job.jobId))?.owner as string;
    await expect(jobs.claim(job.jobId, 'runner:dead')).rejects.toMatchObject({ code: 'LeaseLost' });
    await expect(jobs.claim(job.jobId, owner)).resolves.toMatchObject({ status: 'running', attempts: 2 });
  });

  it('takeOver: a pending job only once it has waited a lease period', async () => {
    let now = Date.parse('2026-11-22T10:00:00Z');
    const jobs = new JobStore(clients.documents, 'jobs', { leaseMs: 60_000, now: () => now });
    const job = await jobs.create(spec, 'replay');

    expect(await jobs.takeOver(job.jobId, 'runner:a')).toBe(false);
    now += 61_000;
    expect(await jobs.takeOver(job.jobId, 'runner:a')).toBe(true);
    expect(await jobs.get(job.jobId)).toMatchObject({ status: 'pending', owner: 'runner:a' });
  });

  it('cancel stops a running job’s runner at its next checkpoint; reopen makes it pending with its checkpoint', async () => {
    const jobs = new JobStore(clients.documents, 'jobs');
    const job = await jobs.create(spec, 'replay');
    await jobs.claim(job.jobId, 'runner:a');
    const position = { bucket: '2026-02-01T10', after: '2026-02-01T10:30:00.000Z#e1' };
    await jobs.checkpoint(job.jobId, 'runner:a', { position, progress: { scanned: 5, sent: 5, bytes: 50 } });

    expect(await jobs.cancel(job.jobId)).toBe(true);
    await expect(
      jobs.checkpoint(job.jobId, 'runner:a', { position, progress: { scanned: 6, sent: 6, bytes: 60 } }),
    ).rejects.toMatchObject({ code: 'LeaseLost' });
    expect(await jobs.cancel(job.jobId)).toBe(false);
    expect(await jobs.get(job.jobId)).toMatchObject({ status: 'cancelled', progress: { sent: 5 } });

    expect(await jobs.reopen(job.jobId)).toBe(true);
    const reopened = await jobs.get(job.jobId);
    expect(reopened).toMatchObject({ status: 'pending', position, progress: { sent: 5 } });
    expect(reopened?.finishedAt).toBeUndefined();
    expect(reopened?.owner).toBeUndefined();
    expect(await jobs.reopen(job.jobId)).toBe(false);
    await expect(jobs.claim(job.jobId, 'runner:b')).resolves.toMatchObject({ status: 'running' });
  });

  it('reopen makes a failed job pending again without its error; a succeeded job stays as it is', async () => {
    const jobs = new JobStore(clients.documents, 'jobs');
    const failed = await jobs.create(spec, 'replay');
    await jobs.claim(failed.jobId, 'runner:a');
    await jobs.finish(failed.jobId, 'runner:a', {
      status: 'failed',
      error: { code: 'X', message: 'broken' },
    });
    const succeeded = await jobs.create(spec, 'replay');
    await jobs.claim(succeeded.jobId, 'runner:a');
    await jobs.finish(succeeded.jobId, 'runner:a', { status: 'succeeded' });

    expect(await jobs.reopen(failed.jobId)).toBe(true);
    expect((await jobs.get(failed.jobId))?.error).toBeUndefined();
    expect(await jobs.reopen(succeeded.jobId)).toBe(false);
    expect(await jobs.takeOver(succeeded.jobId, 'runner:b')).toBe(false);
    expect(await jobs.reopen('missing')).toBe(false);
  });
});
