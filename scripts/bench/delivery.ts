import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { CreateStreamCommand, DescribeStreamSummaryCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import {
  EventSourceMappingEngine,
  LambdaInvoker,
  startEmulators,
  startFunctionEndpoint,
} from '@kes/local-cloud';
import { writeLineChart } from '../feed/chart';
import { Histogram } from '../feed/Histogram';
import { describeMachine, machineLine, reportBase } from '../lib/reports';

export const DELIVERY_USAGE = `npm run bench -- delivery [--poll-ms 200] [--shards 4] [--rate 20] [--duration 30]

Delivery latency of the local event-source-mapping engine: put → handler start, against the real
Kinesis emulator, the engine and a real HTTP function endpoint (serverless-offline's invoke protocol).
A steady trickle of --rate records/s spread over --shards shards for --duration seconds, once with the
idle poll interval of AWS (1 s) and once with --poll-ms. Reports p50/p95/p99/max, checks
p99 ≤ poll interval + 250 ms, and writes reports/bench-delivery-<time>.json and an SVG chart.`;

const FUNCTION = 'bench-delivery';
const SLACK_MS = 250;

interface Sample {
  second: number;
  latencyMs: number;
}

/** The bench function: for every record of an event, how long after its put the handler started. */
const recordDeliveries = async (onRecord: (putAtMs: number, receivedAtMs: number) => void) =>
  startFunctionEndpoint(
    {
      [FUNCTION]: (event) => {
        const receivedAtMs = Date.now();
        for (const record of (event as { Records: Array<{ kinesis: { data: string } }> }).Records) {
          const { putAtMs } = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as {
            putAtMs: number;
          };
          onRecord(putAtMs, receivedAtMs);
        }
        return null;
      },
    },
    { recordEvents: false },
  );

interface PassOptions {
  pollMs: number;
  shards: number;
  rate: number;
  durationSeconds: number;
}

const runPass = async (options: PassOptions, index: number) => {
  const emulators = await startEmulators({ kinesis: true });
  const clients = createAwsClients(emulators.env);
  const checkpointDir = join(tmpdir(), `kes-bench-delivery-${process.pid}-${index}`);
  const histogram = new Histogram();
  const samples: Sample[] = [];
  let startMs = Date.now();
  const fn = await recordDeliveries((putAtMs, receivedAtMs) => {
    histogram.add(receivedAtMs - putAtMs);
    samples.push({ second: (putAtMs - startMs) / 1000, latencyMs: receivedAtMs - putAtMs });
  });
  const engine = new EventSourceMappingEngine({
    kinesis: clients.kinesis,
    dynamodbStreams: clients.dynamodbStreams,
    invoker: new LambdaInvoker(() => fn.endpoint),
    checkpointDir,
    pollIntervalMs: options.pollMs,
  });
  try {
    const streamName = `bench-delivery-${index}`;
    await clients.kinesis.send(
      new CreateStreamCommand({ StreamName: streamName, ShardCount: options.shards }),
    );
    while (
      (await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName })))
        .StreamDescriptionSummary?.StreamStatus !== 'ACTIVE'
    ) {
      await sleep(50);
    }
    await engine.add({
      uuid: `bench-delivery-${index}`,
      stackName: 'bench',
      logicalId: 'BenchDelivery',
      functionName: FUNCTION,
      eventSourceArn: `arn:aws:kinesis:us-east-1:000000000000:stream/${streamName}`,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 100,
    });
    // Let every poller settle into its idle rhythm before the trickle starts.
    await sleep(options.pollMs * 2);
    startMs = Date.now();
    const total = options.rate * options.durationSeconds;
    const gapMs = 1000 / options.rate;
    let lastProgress = startMs;
    for (let i = 0; i < total; i++) {
      const due = startMs + i * gapMs;
      if (due > Date.now()) await sleep(due - Date.now());
      const putAtMs = Date.now();
      await clients.kinesis.send(
        new PutRecordCommand({
          StreamName: streamName,
          PartitionKey: `key-${i % (options.shards * 16)}`,
          Data: Buffer.from(JSON.stringify({ putAtMs, i })),
        }),
      );
      if (Date.now() - lastProgress >= 5_000) {
        lastProgress = Date.now();
        process.stdout.write(
          `  ${Math.round((Date.now() - startMs) / 1000)} s: ${i + 1} put, ${histogram.count} delivered, p99 so far ${histogram.percentile(99)} ms\n`,
        );
      }
    }
    const deadline = Date.now() + options.pollMs * 3 + 5_000;
    while (histogram.count < total && Date.now() < deadline) await sleep(50);
    return { ...options, put: total, summary: histogram.summary(), samples };
  } finally {
    await engine.stop();
    await fn.stop();
    await emulators.stop();
    rmSync(checkpointDir, { recursive: true, force: true });
  }
};

export const benchDelivery = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      'poll-ms': { type: 'string', default: '200' },
      shards: { type: 'string', default: '4' },
      rate: { type: 'string', default: '20' },
      duration: { type: 'string', default: '30' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${DELIVERY_USAGE}\n`);
    return;
  }
  const base = {
    shards: Number(values.shards),
    rate: Number(values.rate),
    durationSeconds: Number(values.duration),
  };
  const pollIntervals = [...new Set([1_000, Number(values['poll-ms'])])];
  const passes = [];
  for (const [index, pollMs] of pollIntervals.entries()) {
    process.stdout.write(
      `▸ idle poll interval ${pollMs} ms: ${base.rate} records/s over ${base.shards} shards for ${base.durationSeconds} s\n`,
    );
    passes.push(await runPass({ ...base, pollMs }, index));
  }
  const results = passes.map(({ samples: _samples, ...pass }) => ({
    ...pass,
    target: { p99Ms: pass.pollMs + SLACK_MS },
    meetsTarget: pass.summary.p99 !== null && pass.summary.p99 <= pass.pollMs + SLACK_MS,
    lost: pass.put - pass.summary.count,
  }));
  const path = `${reportBase(root, 'bench-delivery')}.json`;
  const machine = describeMachine();
  writeFileSync(
    path,
    JSON.stringify({ benchmark: 'delivery', at: new Date().toISOString(), machine, results }, null, 2),
  );
  await writeLineChart(
    path.replace(/\.json$/, '.svg'),
    'Delivery latency, put → handler start',
    'seconds since the trickle started',
    'ms',
    passes.flatMap((pass) =>
      pass.samples.map((sample) => ({
        x: sample.second,
        y: sample.latencyMs,
        series: `poll ${pass.pollMs} ms`,
      })),
    ),
  );
  const row = (cells: Array<string | number | null>) =>
    cells.map((cell, i) => String(cell ?? '-').padStart(i === 0 ? 10 : 8)).join(' ');
  process.stdout.write(`
delivery benchmark (${machineLine(machine)})
${row(['poll (ms)', 'records', 'p50', 'p95', 'p99', 'max', 'target', 'ok'])}
${results
  .map((r) =>
    row([
      r.pollMs,
      `${r.summary.count}/${r.put}`,
      r.summary.p50,
      r.summary.p95,
      r.summary.p99,
      r.summary.max,
      `≤${r.target.p99Ms}`,
      r.meetsTarget && r.lost === 0 ? 'yes' : 'NO',
    ]),
  )
  .join('\n')}
  report ${path} (+ .svg)
`);
  if (results.some((r) => !r.meetsTarget || r.lost > 0)) process.exitCode = 1;
};
