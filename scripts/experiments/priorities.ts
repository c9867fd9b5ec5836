import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import {
  EventSourceMappingEngine,
  KinesisEmulator,
  LambdaInvoker,
  type ReadPriority,
  startFunctionEndpoint,
} from '@kes/local-cloud';
import { writeLineChart } from '../feed/chart';
import { Histogram } from '../feed/Histogram';
import { describeMachine, machineLine, reportBase } from '../lib/reports';

export const PRIORITIES_USAGE = `npm run experiment -- priorities [--minutes 3] [--rate 1300] [--variants a,b,c]

The source article's experiment: 16 sink functions read ONE shard (shard read limits on: 5 GetRecords/s
shared by all of them), batch sizes 200…6000, a steady load of --rate records/minute, --minutes per
variant:
  a  batch sizes only (every sink polls as Lambda does, about once a second)
  b  the article's hack: each sink sleeps its pause (1…30 s) inside the function
  c  ours: the engine shares the shard's reads by priority, each sink reads at most once per pause,
     no function sleeps (ShardReadScheduler)
Writes IteratorAge per sink over time as CSV and SVG charts, and a summary per priority class
(p50/p99 IteratorAge, whether it keeps growing, GetRecords throttles) to reports/.`;

/** The four priority classes of four sinks each: batch size and pause grow as the priority falls. */
const CLASSES = [
  { name: 'high', batchSize: 200, pauseMs: 1_000 },
  { name: 'medium', batchSize: 1_000, pauseMs: 5_000 },
  { name: 'low', batchSize: 3_000, pauseMs: 15_000 },
  { name: 'lowest', batchSize: 6_000, pauseMs: 30_000 },
] as const;

const SINKS = Array.from({ length: 16 }, (_, i) => {
  const classIndex = Math.floor(i / 4);
  const { name: klass, batchSize, pauseMs } = CLASSES[classIndex] as (typeof CLASSES)[number];
  return { name: `sink${String(i).padStart(2, '0')}`, klass, classIndex, batchSize, pauseMs };
});

type Variant = 'a' | 'b' | 'c';
const VARIANT_NAMES: Record<Variant, string> = {
  a: 'batch sizes only',
  b: 'sleep in the function (the article)',
  c: 'priority read scheduling (ours)',
};

interface Sample {
  variant: Variant;
  sink: string;
  klass: string;
  atSeconds: number;
  iteratorAgeMs: number;
  batchSize: number;
}

interface ClassSummary {
  klass: string;
  invocations: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  /** Growth of IteratorAge over the second half of the run, in ms per second of run (≈ 0 when bounded). */
  slopeMsPerSecond: number;
  bounded: boolean;
}

interface VariantResult {
  variant: Variant;
  name: string;
  recordsPut: number;
  getRecordsThrottles: number;
  classes: ClassSummary[];
}

const ACCOUNT = '000000000000';
const WARM_UP_SECONDS = 20;

/** Least-squares slope of y over x. */
const slope = (points: Array<{ x: number; y: number }>): number => {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxy = points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
};

const summarise = (samples: Sample[], durationSeconds: number): ClassSummary[] =>
  CLASSES.map(({ name }) => {
    const mine = samples.filter((s) => s.klass === name && s.atSeconds >= WARM_UP_SECONDS);
    const histogram = new Histogram();
    for (const s of mine) histogram.add(s.iteratorAgeMs);
    const { p50, p99, max } = histogram.summary();
    // Per sink, then the worst: one sink falling behind is what "grows without bound" is about.
    const slopes = SINKS.filter((sink) => sink.klass === name).map((sink) =>
      slope(
        mine
          .filter((s) => s.sink === sink.name && s.atSeconds >= durationSeconds / 2)
          .map((s) => ({ x: s.atSeconds, y: s.iteratorAgeMs })),
      ),
    );
    const worst = Math.max(0, ...slopes);
    // Lag that grows by more than 10% of the elapsed time is lag that will not come back.
    return {
      klass: name,
      invocations: mine.length,
      p50,
      p99,
      max,
      slopeMsPerSecond: worst,
      bounded: worst < 100,
    };
  });

const runVariant = async (
  variant: Variant,
  options: { minutes: number; recordsPerMinute: number },
  samples: Sample[],
): Promise<VariantResult> => {
  const kinesis = await KinesisEmulator.start({ port: 0, limits: true });
  const clients = createAwsClients({
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_KINESIS: kinesis.endpoint,
  });
  const checkpointDir = mkdtempSync(join(tmpdir(), `kes-experiment-priorities-${variant}-`));
  const fn = await startFunctionEndpoint(
    Object.fromEntries(
      SINKS.map((sink) => [
        sink.name,
        // The article's hack: the sink holds its shard's poller by sleeping before it returns.
        async () => (variant === 'b' ? sleep(sink.pauseMs).then(() => null) : null),
      ]),
    ),
    { recordEvents: false },
  );
  const startedAt = Date.now();
  const engine = new EventSourceMappingEngine({
    kinesis: clients.kinesis,
    dynamodbStreams: clients.dynamodbStreams,
    invoker: new LambdaInvoker(() => fn.endpoint, { concurrencyPerFunction: 1 }),
    checkpointDir,
    pollIntervalMs: 1_000,
    onBatch: (mapping, outcome) => {
      const sink = SINKS.find((s) => s.name === mapping.functionName);
      if (!sink) return;
      samples.push({
        variant,
        sink: sink.name,
        klass: sink.klass,
        atSeconds: (Date.now() - startedAt) / 1000,
        iteratorAgeMs: outcome.iteratorAgeMs,
        batchSize: outcome.size,
      });
    },
  });
  const streamName = `experiment-priorities-${variant}`;
  let recordsPut = 0;
  try {
    await clients.kinesis.send(new CreateStreamCommand({ StreamName: streamName, ShardCount: 1 }));
    while (
      (await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName })))
        .StreamDescriptionSummary?.StreamStatus !== 'ACTIVE'
    ) {
      await sleep(50);
    }
    for (const sink of SINKS) {
      // Each sink reads at most once per pause (the article's PauseTime, 1 s for the urgent ones as Lambda's
      // idle polling), and the urgent ones first when several wait for the shard.
      const priority: ReadPriority = { priority: sink.classIndex, pauseMs: sink.pauseMs };
      await engine.add({
        uuid: `experiment-${variant}-${sink.name}`,
        stackName: 'experiment',
        logicalId: sink.name,
        functionName: sink.name,
        eventSourceArn: `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/${streamName}`,
        startingPosition: 'TRIM_HORIZON',
        batchSize: sink.batchSize,
        ...(variant === 'c' ? { readPriority: priority } : {}),
      });
    }
    const throttlesBefore = getRecordsThrottles(kinesis, streamName);
    const endAt = startedAt + options.minutes * 60_000;
    const perSecond = options.recordsPerMinute / 60;
    let owed = 0;
    let nextProgress = Date.now() + 15_000;
    let seq = 0;
    const pad = 'x'.repeat(900);
    while (Date.now() < endAt) {
      const tick = Date.now();
      owed += perSecond;
      const count = Math.floor(owed);
      owed -= count;
      if (count > 0) {
        const response = await clients.kinesis.send(
          new PutRecordsCommand({
            StreamName: streamName,
            Records: Array.from({ length: count }, () => {
              seq += 1;
              return {
                PartitionKey: `member-${seq % 97}`,
                Data: Buffer.from(JSON.stringify({ seq, at: Date.now(), pad })),
              };
            }),
          }),
        );
        recordsPut += count - (response.FailedRecordCount ?? 0);
      }
      if (Date.now() >= nextProgress) {
        nextProgress += 15_000;
        const elapsed = Math.round((Date.now() - startedAt) / 1000);
        const recent = samples.filter((s) => s.variant === variant && s.atSeconds >= elapsed - 15);
        const ages = CLASSES.map(({ name }) => {
          const ofClass = recent.filter((s) => s.klass === name).map((s) => s.iteratorAgeMs);
          return `${name} ${ofClass.length ? (Math.max(...ofClass) / 1000).toFixed(1) : '-'}s`;
        }).join('  ');
        process.stdout.write(
          `    ${String(elapsed).padStart(4)}s  put ${recordsPut}  GetRecords throttled ${getRecordsThrottles(kinesis, streamName) - throttlesBefore}  max IteratorAge (15 s): ${ages}\n`,
        );
      }
      await sleep(Math.max(0, 1_000 - (Date.now() - tick)));
    }
    const throttles = getRecordsThrottles(kinesis, streamName) - throttlesBefore;
    const mine = samples.filter((s) => s.variant === variant);
    return {
      variant,
      name: VARIANT_NAMES[variant],
      recordsPut,
      getRecordsThrottles: throttles,
      classes: summarise(mine, options.minutes * 60),
    };
  } finally {
    await engine.stop();
    await fn.stop();
    await kinesis.stop();
    rmSync(checkpointDir, { recursive: true, force: true });
  }
};

const getRecordsThrottles = (kinesis: KinesisEmulator, streamName: string): number =>
  kinesis.throttledCalls('GetRecords', streamName);

export const experimentPriorities = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '3' },
      rate: { type: 'string', default: '1300' },
      variants: { type: 'string', default: 'a,b,c' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${PRIORITIES_USAGE}\n`);
    return;
  }
  const variants = values.variants.split(',').map((v) => v.trim()) as Variant[];
  for (const variant of variants) {
    if (!(variant in VARIANT_NAMES)) throw new Error(`Unknown variant "${variant}" (a, b or c)`);
  }
  const options = { minutes: Number(values.minutes), recordsPerMinute: Number(values.rate) };
  if (!(options.minutes > 0) || !(options.recordsPerMinute > 0)) {
    throw new Error('--minutes and --rate must be positive numbers');
  }
  const samples: Sample[] = [];
  const results: VariantResult[] = [];
  for (const variant of variants) {
    process.stdout.write(
      `▸ variant ${variant} — ${VARIANT_NAMES[variant]}: 16 sinks on one shard, ${options.recordsPerMinute} records/min for ${options.minutes} min\n`,
    );
    results.push(await runVariant(variant, options, samples));
  }

  const base = reportBase(root, 'experiment-priorities');
  const machine = describeMachine();
  writeFileSync(
    `${base}.csv`,
    `variant,sink,class,seconds,iterator_age_ms,batch_size\n${samples
      .map(
        (s) =>
          `${s.variant},${s.sink},${s.klass},${s.atSeconds.toFixed(3)},${s.iteratorAgeMs},${s.batchSize}`,
      )
      .join('\n')}\n`,
  );
  writeFileSync(
    `${base}.json`,
    JSON.stringify(
      { experiment: 'priorities', at: new Date().toISOString(), machine, options, sinks: SINKS, results },
      null,
      2,
    ),
  );
  for (const variant of variants) {
    await writeLineChart(
      `${base}-${variant}.svg`,
      `IteratorAge per sink — variant ${variant}: ${VARIANT_NAMES[variant]}`,
      'seconds',
      'IteratorAge (ms)',
      samples
        .filter((s) => s.variant === variant)
        .map((s) => ({ x: s.atSeconds, y: s.iteratorAgeMs, series: `${s.sink} (${s.klass})` })),
    );
  }

  const cell = (value: string | number | null, width: number) => String(value ?? '-').padStart(width);
  const lines = results.flatMap((r) => [
    `  ${r.variant}  ${r.name}: ${r.recordsPut} records put, ${r.getRecordsThrottles} GetRecords throttled`,
    ...r.classes.map(
      (c) =>
        `     ${c.klass.padEnd(7)} ${cell(c.invocations, 6)} ${cell(c.p50, 8)} ${cell(c.p99, 8)} ${cell(c.max, 8)} ${cell(c.slopeMsPerSecond.toFixed(0), 10)}  ${c.bounded ? 'bounded' : 'GROWING'}`,
    ),
  ]);
  const variantC = results.find((r) => r.variant === 'c');
  const high = variantC?.classes.find((c) => c.klass === 'high');
  const verdict = variantC
    ? `variant c: high-priority IteratorAge p99 ${high?.p99 ?? '-'} ms (target ≤ 2000), ${variantC.classes.every((c) => c.bounded) ? 'no sink grows without bound' : 'SOME SINK KEEPS FALLING BEHIND'}`
    : '';
  process.stdout.write(`
priority experiment (${machineLine(machine)}); IteratorAge after ${WARM_UP_SECONDS} s of warm-up
     class   calls   p50 ms   p99 ms   max ms  growth ms/s
${lines.join('\n')}
  ${verdict}
  reports ${base}.csv, .json, ${variants.map((v) => `-${v}.svg`).join(', ')}
`);
  if (
    variantC &&
    (!(high?.p99 !== null && (high?.p99 ?? Infinity) <= 2_000) || !variantC.classes.every((c) => c.bounded))
  ) {
    process.exitCode = 1;
  }
};
