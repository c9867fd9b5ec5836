import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { dailyJobId } from '../../src/jobs/IngestionJob';
import { JobStore } from '../../src/jobs/JobStore';
import { putIngestionRecords } from '../../src/jobs/putIngestionRecords';
import { acme } from '../../src/providers/acme';
import { IngestionWindows } from '../../src/schedule/IngestionWindows';
import { type RunEnqueuePorts, runEnqueue } from '../../src/schedule/runEnqueue';
import { type ProviderSimulator, startProviderSimulator } from '../../src/simulator/startProviderSimulator';
import { createStream, createTrackingTable, streamRecords } from '../helpers/localResources';

// 2026-11-22 is a Sunday. The windows: nights 22:00–06:00 UTC, maintenance Sunday 02:00–04:00.
const DAY = '2026-11-21';
const NIGHT = Date.parse(`${DAY}T23:00:00Z`);
const CATALOGUE = 1_234; // three pages of 500
const windows = IngestionWindows.parse({
  offPeakWindows: '22:00-06:00',
  maintenanceWindow: 'Sun 02:00-04:00',
});

let emulators: TestEmulators;
let clients: AwsClients;
let provider: ProviderSimulator;
let seq = 0;

beforeAll(async () => {
  emulators = await startEmulators({ dynamodb: true, kinesis: true });
  clients = createAwsClients(emulators.env);
  provider = await startProviderSimulator({
    port: 0,
    timeline: [{ name: 'healthy', kind: 'healthy', latency: { medianMs: 5, sigma: 0.1 } }],
    catalogue: { size: CATALOGUE },
  });
}, 120_000);
afterAll(async () => {
  await provider?.stop();
  await emulators?.stop();
});

/** A fresh table and stream, and the enqueue run's ports on them (clock and put hook per test). */
const setup = async (options: { clock?: { now: number }; beforePut?: (page: number) => void } = {}) => {
  const name = `kes-test-ingestion-enqueue-${++seq}`;
  await Promise.all([createTrackingTable(clients, name), createStream(clients, name)]);
  const jobs = new JobStore(clients.documents, { table: name, provider: 'acme', retentionDays: 7 });
  const clock = options.clock ?? { now: NIGHT };
  let pages = 0;
  const ports = (runId: string): RunEnqueuePorts => ({
    jobs,
    catalogue: (day, page) => acme.catalogue(day, page, { baseUrl: provider.url, timeoutMs: 5_000 }),
    put: async (records) => {
      options.beforePut?.(++pages);
      await putIngestionRecords(clients.kinesis, name, records);
    },
    windows,
    now: () => clock.now,
    runId,
    leaseMs: 60_000,
  });
  return { name, jobs, clock, ports, read: () => streamRecords(clients, name) };
};
const budget = { records: 100_000, until: Number.POSITIVE_INFINITY };

describe('runEnqueue on Kinesis and DynamoDB Local', () => {
  it("enqueues the day's catalogue once inside a window, even when run twice", async () => {
    const { ports, read, jobs } = await setup();
    const first = await runEnqueue(ports('run-1'), budget);
    const second = await runEnqueue(ports('run-2'), budget);

    expect(first).toMatchObject({ check: { allowed: true }, enqueued: CATALOGUE });
    expect(first.jobs).toEqual([{ jobId: dailyJobId(DAY), enqueued: CATALOGUE, outcome: 'done' }]);
    expect(second).toMatchObject({ enqueued: 0, jobs: [] });
    const records = await read();
    expect(records.map((record) => record.recordId)).toEqual(provider.catalogueIds(DAY));
    expect(records[0]).toEqual({
      partitionKey: `r-${DAY}-000000`,
      recordId: `r-${DAY}-000000`,
      day: DAY,
      jobId: dailyJobId(DAY),
    });
    expect(await jobs.get(dailyJobId(DAY))).toMatchObject({
      enqueueDone: true,
      enqueued: CATALOGUE,
      total: CATALOGUE,
    });
  }, 60_000);

  it('after a crash mid-way, the next run goes on from the cursor: at most one page is enqueued twice', async () => {
    let crash = true;
    const { ports, read } = await setup({
      beforePut: (page) => {
        // The third page: the crash happens "after" the second page is on the stream but before its cursor.
        if (page === 3 && crash) {
          crash = false;
          throw new Error('crash');
        }
      },
    });
    await expect(runEnqueue(ports('run-1'), budget)).rejects.toThrow('crash');
    const partial = await read();
    expect(partial).toHaveLength(1_000);

    const restarted = await runEnqueue(ports('run-2'), budget);
    expect(restarted.enqueued).toBe(CATALOGUE - 1_000);
    const ids = (await read()).map((record) => record.recordId);
    expect(new Set(ids)).toEqual(new Set(provider.catalogueIds(DAY)));
    expect(ids.length - CATALOGUE).toBeLessThanOrEqual(500);
  }, 60_000);

  it("waits for a crashed run's lease to expire, then takes the job over from its cursor", async () => {
    const clock = { now: NIGHT };
    const { ports, read, jobs } = await setup({ clock });
    await jobs.ensureDaily(DAY, clock.now);
    // A run took the lease and died without a trace.
    expect(await jobs.acquire(dailyJobId(DAY), 'dead-run', clock.now, 60_000)).toBeDefined();

    const blocked = await runEnqueue(ports('run-2'), budget);
    expect(blocked.jobs).toEqual([{ jobId: dailyJobId(DAY), enqueued: 0, outcome: 'leased-elsewhere' }]);
    expect(await read()).toHaveLength(0);

    clock.now += 61_000;
    const takeover = await runEnqueue(ports('run-3'), budget);
    expect(takeover.enqueued).toBe(CATALOGUE);
    expect(await read()).toHaveLength(CATALOGUE);
  }, 60_000);

  it('enqueues nothing outside the off-peak windows, and says until when', async () => {
    const { ports, read, jobs } = await setup({ clock: { now: Date.parse(`${DAY}T12:00:00Z`) } });
    const result = await runEnqueue(ports('run-1'), budget);
    expect(result).toEqual({
      check: { allowed: false, reason: 'off-peak-only', windows: ['22:00-06:00'] },
      nextAllowedAt: `${DAY}T22:00:00.000Z`,
      enqueued: 0,
      jobs: [],
    });
    expect(await read()).toHaveLength(0);
    expect(await jobs.get(dailyJobId(DAY))).toBeUndefined();
  }, 60_000);

  it('enqueues nothing during maintenance, inside an off-peak window', async () => {
    const { ports, read } = await setup({ clock: { now: Date.parse('2026-11-22T03:00:00Z') } });
    const result = await runEnqueue(ports('run-1'), budget);
    expect(result).toMatchObject({
      check: { allowed: false, reason: 'maintenance', window: 'Sun 02:00-04:00' },
      nextAllowedAt: '2026-11-22T04:00:00.000Z',
      enqueued: 0,
    });
    expect(await read()).toHaveLength(0);
  }, 60_000);

  it('stops when the window closes mid-run and finishes in the next window', async () => {
    const clock = { now: Date.parse('2026-11-21T05:59:00Z') };
    const { ports, read, jobs } = await setup({
      clock,
      beforePut: (page) => {
        if (page === 1) clock.now = Date.parse('2026-11-21T06:00:00Z'); // the first page goes out at 05:59
      },
    });
    const closing = await runEnqueue(ports('run-1'), budget);
    expect(closing.jobs).toEqual([
      { jobId: dailyJobId('2026-11-21'), enqueued: 500, outcome: 'window-closed' },
    ]);
    expect(await jobs.get(dailyJobId('2026-11-21'))).toMatchObject({
      enqueued: 500,
      enqueueDone: false,
      cursor: '500',
    });

    clock.now = Date.parse('2026-11-21T22:00:00Z');
    await runEnqueue(ports('run-2'), budget);
    expect(await read()).toHaveLength(CATALOGUE);
  }, 60_000);

  it('starts an ad-hoc job only once its notBefore has passed, after older jobs, within the budget', async () => {
    const clock = { now: NIGHT };
    const { ports, read, jobs } = await setup({ clock });
    await jobs.create({
      jobId: '20261121T230000Z-0000000a',
      kind: 'ad-hoc',
      ingestionDay: DAY,
      source: { type: 'ids', ids: ['x-1', 'x-2', 'x-3'] },
      total: 3,
      notBefore: NIGHT + 1_800_000,
      createdAt: NIGHT - 1,
    });
    const early = await runEnqueue(ports('run-1'), { records: 600, until: Number.POSITIVE_INFINITY });
    expect(early.jobs).toEqual([{ jobId: dailyJobId(DAY), enqueued: 600, outcome: 'budget' }]);

    clock.now = NIGHT + 1_800_000;
    const due = await runEnqueue(ports('run-2'), budget);
    expect(due.jobs).toEqual([
      { jobId: '20261121T230000Z-0000000a', enqueued: 3, outcome: 'done' },
      { jobId: dailyJobId(DAY), enqueued: CATALOGUE - 600, outcome: 'done' },
    ]);
    const records = await read();
    expect(
      records.filter((record) => record.jobId === '20261121T230000Z-0000000a').map((r) => r.recordId),
    ).toEqual(['x-1', 'x-2', 'x-3']);
    expect(records).toHaveLength(CATALOGUE + 3);
  }, 60_000);
});

describe('JobStore.countFate on DynamoDB Local', () => {
  it("counts a record's final fate once per job, however often it is reported", async () => {
    const { jobs, name } = await setup();
    await jobs.create({
      jobId: 'job-a',
      kind: 'ad-hoc',
      ingestionDay: DAY,
      source: { type: 'ids', ids: ['r1'] },
      createdAt: NIGHT,
    });
    await jobs.create({
      jobId: 'job-b',
      kind: 'ad-hoc',
      ingestionDay: DAY,
      source: { type: 'ids', ids: ['r1'] },
      createdAt: NIGHT,
    });
    await clients.documents.send(
      new PutCommand({
        TableName: name,
        Item: { recordId: 'r1', day: DAY, status: 'fetched', attempts: 1, updatedAt: NIGHT },
      }),
    );
    const key = { recordId: 'r1', day: DAY };
    const counted = await Promise.all([
      jobs.countFate(key, 'job-a', 'fetched', NIGHT),
      jobs.countFate(key, 'job-a', 'fetched', NIGHT),
      jobs.countFate(key, 'job-b', 'fetched', NIGHT),
    ]);
    await jobs.countFate(key, 'job-a', 'fetched', NIGHT);
    expect(counted.filter(Boolean)).toHaveLength(2);
    expect(await jobs.get('job-a')).toMatchObject({ fetched: 1 });
    expect(await jobs.get('job-b')).toMatchObject({ fetched: 1 });
    // An unknown job (a record put on the stream by hand with a made-up jobId) counts nothing.
    expect(await jobs.countFate(key, 'job-unknown', 'fetched', NIGHT)).toBe(false);
  }, 60_000);
});
