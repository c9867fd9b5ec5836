import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import { DynamoDbLocal, freePort, KinesisEmulator, readWholeStream } from '@kes/local-cloud';
import { JobStore } from '../../services/ingestion/src/jobs/JobStore';
import { putIngestionRecords } from '../../services/ingestion/src/jobs/putIngestionRecords';
import { acme } from '../../services/ingestion/src/providers/acme';
import { IngestionWindows } from '../../services/ingestion/src/schedule/IngestionWindows';
import { runEnqueue } from '../../services/ingestion/src/schedule/runEnqueue';
import { startProviderSimulator } from '../../services/ingestion/src/simulator/startProviderSimulator';
import { type Series, writeLineChart } from '../feed/chart';
import { describeMachine, machineLine, reportBase } from '../lib/reports';

export const ENQUEUE_USAGE = `npm run bench -- enqueue [--ids 100000] [--shards 1] [--per-run 20000]

The ingestion enqueue schedule on a day's catalogue: a provider simulator serves --ids ids (GET
/catalogue, pages of 500), scheduled runs (budget --per-run ids each, run back to back) put them on a
--shards stream behind AWS's shard limits (1,000 records/s per shard) and move the daily job's cursor in
DynamoDB Local (in memory). Reports ids/s against the write limit (the binding one: ids are ~90 bytes),
runs, throttled PutRecords, ids read back (missing, duplicates: target 0, 0), and the cost of the window
checks (IngestionWindows.check, and nextAllowed's worst case, a week of minutes in Europe/Paris).
Writes reports/bench-enqueue-<time>.json and .svg (ids enqueued over time).`;

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** µs per call of `task`, over `calls` calls. */
const microsPerCall = (calls: number, task: (i: number) => unknown): number => {
  const began = performance.now();
  for (let i = 0; i < calls; i++) task(i);
  return round(((performance.now() - began) * 1000) / calls, 2);
};

export const benchEnqueue = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      ids: { type: 'string', default: '100000' },
      shards: { type: 'string', default: '1' },
      'per-run': { type: 'string', default: '20000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${ENQUEUE_USAGE}\n`);
  const options = {
    ids: Number(values.ids),
    shards: Number(values.shards),
    perRun: Number(values['per-run']),
  };
  const machine = describeMachine();

  process.stdout.write('▸ window checks (no I/O)\n');
  const utc = IngestionWindows.parse({ offPeakWindows: '22:00-06:00', maintenanceWindow: 'Sun 02:00-04:00' });
  const paris = IngestionWindows.parse({
    ...utc.spec,
    offPeakWindows: '22:00-06:00',
    maintenanceWindow: 'Sun 02:00-04:00',
    timeZone: 'Europe/Paris',
  });
  const start = Date.parse('2026-11-21T12:00:00Z');
  // Never allowed in the horizon: the worst case of nextAllowed (every minute of eight days checked).
  const never = IngestionWindows.parse({
    offPeakWindows: '02:00-03:00',
    maintenanceWindow:
      'Mon 00:00-23:59, Tue 00:00-23:59, Wed 00:00-23:59, Thu 00:00-23:59, Fri 00:00-23:59, Sat 00:00-23:59, Sun 00:00-23:59',
    timeZone: 'Europe/Paris',
  });
  const windowCosts = {
    checkUtcMicros: microsPerCall(200_000, (i) => utc.check(start + i * 61_000)),
    checkParisMicros: microsPerCall(200_000, (i) => paris.check(start + i * 61_000)),
    nextAllowedParisMicros: microsPerCall(2_000, (i) => paris.nextAllowed(start + i * 3_600_000)),
    nextAllowedWorstCaseMs: round(microsPerCall(5, () => never.nextAllowed(start)) / 1000, 1),
  };

  process.stdout.write(
    '▸ starting DynamoDB Local (-inMemory), Kinesis with AWS shard limits, a provider simulator\n',
  );
  const dynamodb = await DynamoDbLocal.start({
    port: await freePort(),
    logFile: join(tmpdir(), `kes-bench-enqueue-dynamodb-${process.pid}.log`),
  });
  const kinesisEmulator = await KinesisEmulator.start({ port: 0 });
  const provider = await startProviderSimulator({
    port: 0,
    timeline: [{ name: 'healthy', kind: 'healthy', latency: { medianMs: 5, sigma: 0.1 } }],
    catalogue: { size: options.ids },
  });
  try {
    const clients = createAwsClients(
      {
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
        AWS_ENDPOINT_URL_KINESIS: kinesisEmulator.endpoint,
      },
      { kinesisMaxAttempts: 1 },
    );
    await clients.dynamodb.send(
      new CreateTableCommand({
        TableName: 'tracking',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'recordId', AttributeType: 'S' },
          { AttributeName: 'day', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'recordId', KeyType: 'HASH' },
          { AttributeName: 'day', KeyType: 'RANGE' },
        ],
      }),
    );
    await clients.kinesis.send(
      new CreateStreamCommand({ StreamName: 'ingestion', ShardCount: options.shards }),
    );
    while (
      (await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'ingestion' })))
        .StreamDescriptionSummary?.StreamStatus !== 'ACTIVE'
    )
      await new Promise((resolve) => setTimeout(resolve, 50));

    const jobs = new JobStore(clients.documents, { table: 'tracking', provider: 'acme', retentionDays: 7 });
    const anyTime = IngestionWindows.parse({});
    const began = performance.now();
    const points: Series[] = [];
    let total = 0;
    let runs = 0;
    const put = async (records: Parameters<typeof putIngestionRecords>[2]) => {
      await putIngestionRecords(clients.kinesis, 'ingestion', records);
      total += records.length;
      const seconds = (performance.now() - began) / 1000;
      points.push({ x: round(seconds, 2), y: total, series: `${options.shards} shard(s)` });
      if (total % 10_000 < records.length)
        process.stdout.write(
          `    ${seconds.toFixed(1).padStart(5)} s  ${total} ids  (${Math.round(total / seconds)}/s)\n`,
        );
    };
    process.stdout.write(`▸ enqueueing a catalogue of ${options.ids} ids, ${options.perRun} per run\n`);
    for (;;) {
      runs++;
      const result = await runEnqueue(
        {
          jobs,
          catalogue: (day, page) => acme.catalogue(day, page, { baseUrl: provider.url, timeoutMs: 10_000 }),
          put,
          windows: anyTime,
          now: Date.now,
          runId: `run-${runs}`,
          leaseMs: 60_000,
        },
        { records: options.perRun, until: Number.POSITIVE_INFINITY },
      );
      if (result.jobs.every((job) => job.outcome === 'done')) break;
    }
    const seconds = (performance.now() - began) / 1000;
    const idsPerSecond = total / seconds;
    const throttled = kinesisEmulator.throttledCalls('PutRecords', 'ingestion');

    process.stdout.write('▸ reading the stream back\n');
    const read = await readWholeStream(clients.kinesis, 'ingestion');
    const distinct = new Set(read.map((record) => record.PartitionKey));
    const report = {
      machine,
      date: new Date().toISOString(),
      options,
      seconds: round(seconds, 2),
      runs,
      idsPerSecond: round(idsPerSecond),
      limitPerSecond: options.shards * 1000,
      ofLimit: round((idsPerSecond / (options.shards * 1000)) * 100),
      throttled,
      readBack: read.length,
      missing: options.ids - distinct.size,
      duplicates: read.length - distinct.size,
      windowCosts,
    };
    const base = reportBase(root, 'bench-enqueue');
    writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
    await writeLineChart(
      `${base}.svg`,
      'Enqueue schedule: a day catalogue onto the stream',
      'seconds',
      'ids enqueued',
      points,
    );
    process.stdout.write(
      `\nEnqueue of a ${options.ids}-id catalogue into ${options.shards} shard(s), ${options.perRun} ids/run (${machineLine(machine)})\n` +
        `  ${round(idsPerSecond)} ids/s in ${round(seconds, 1)} s over ${runs} runs — ${report.ofLimit}% of the ${options.shards * 1000} records/s write limit\n` +
        `  throttled PutRecords calls: ${JSON.stringify(throttled)}\n` +
        `  read back ${read.length}, missing ${report.missing}, duplicates ${report.duplicates} (target 0, 0)\n` +
        `  window checks: check ${windowCosts.checkUtcMicros} µs (UTC), ${windowCosts.checkParisMicros} µs (Europe/Paris); nextAllowed ${windowCosts.nextAllowedParisMicros} µs (Paris, typical), ${windowCosts.nextAllowedWorstCaseMs} ms (worst case)\n` +
        `  report: ${base}.json (+ .svg)\n`,
    );
  } finally {
    await Promise.allSettled([provider.stop(), kinesisEmulator.stop(), dynamodb.stop()]);
  }
};
