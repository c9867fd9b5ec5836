import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAwsClients } from '@kes/aws-clients';
import { freePort, LocalCloudProcess } from '@kes/local-cloud';
import { startProviderSimulator } from '@kes/service-ingestion';
import { demoTimeline } from './ingestion/demoTimeline';
import { type DemoEvent, type DemoSample, runIngestionDemo } from './ingestion/runIngestionDemo';
import { writeDemoChart } from './ingestion/writeDemoChart';

export const INGESTION_DEMO_USAGE = `npm run demo -- ingestion [--records 1000] [--scale 1] [--tick-seconds 60]

Self-healing ingestion, live, in a local cloud of its own (platform + ingestion-acme, data in memory) with
the provider simulator on a free port (acme's base URL in that local cloud): the provider is healthy,
then slow (the batch size falls), then down (the circuit opens: the mapping is disabled), then healthy
again (a probe closes the circuit, the mapping is re-enabled and the batch size climbs back). Prints the
trace as it happens, writes reports/demo-ingestion-<time>.svg (batch size and circuit over the provider's
phases) and .json, and checks in the tracking table that every record was processed exactly once that
day (exit 1 otherwise).
About 5 minutes plus the local cloud's start.

  --records N        record ids to enqueue, "a day's worth" (default 1000)
  --scale X          stretch the provider's phases (default 1: 45 s healthy, 60 s slow, 75 s down)
  --tick-seconds S   how often the demo invokes the tick function (default 60, as tickRate deploys it:
                     its local cloud runs no schedules; the adaptive controller fires a due probe on the
                     tick nearest its due time, assuming 1-minute ticks)`;

/** Shorter probes than the deployed 1–5 minutes, so the recovery shows within the demo's minutes. */
const DEMO_PARAMS = ['ingestion-acme.probeInitialMs=20000', 'ingestion-acme.probeMaxMs=40000'];

const clock = (ms: number) =>
  `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;

/** One trace line per change of phase, mapping or circuit, and at least every 10 s. */
const tracer = () => {
  let last: DemoSample | undefined;
  let lastReason = '';
  let lastProgressAt = Number.NEGATIVE_INFINITY;
  return (event: DemoEvent) => {
    if (event.kind === 'enqueued') {
      process.stdout.write(`  ${clock(event.atMs)}  enqueued ${event.records} record ids\n`);
      process.stdout.write(
        '  time  phase      mapping          circuit     provider calls (ok / errors / refused)  reason\n',
      );
    } else if (event.kind === 'control') {
      // A tick with nothing due says nothing new; the same reason twice in a row neither.
      if (event.line.reason === lastReason || event.line.reason.includes('nothing due')) return;
      lastReason = event.line.reason;
      process.stdout.write(
        `  ${clock(event.atMs)}    ↳ ${event.line.trigger} (${event.line.calls} calls): batch ${event.line.batchSize}, ${event.line.enabled ? 'enabled' : 'disabled'}, ${event.line.circuit} — ${event.line.reason}\n`,
      );
    } else if (event.kind === 'sample') {
      const s = event.sample;
      const changed =
        !last ||
        last.phase !== s.phase ||
        last.batchSize !== s.batchSize ||
        last.state !== s.state ||
        last.circuit !== s.circuit ||
        s.atMs - last.atMs >= 10_000;
      if (!changed) return;
      last = s;
      process.stdout.write(
        `  ${clock(s.atMs)}  ${s.phase.padEnd(9)}  ${`${s.state} ${s.batchSize}`.padEnd(15)}  ${s.circuit.padEnd(10)}  ${`${s.calls} (${s.ok} / ${s.errors} / ${s.throttled})`.padEnd(38)}  ${s.reason}\n`,
      );
    } else {
      if (event.atMs - lastProgressAt < 20_000 && event.check.pending.count > 0) return;
      lastProgressAt = event.atMs;
      const c = event.check;
      process.stdout.write(
        `  ${clock(event.atMs)}    progress: ${c.fetched} fetched, ${c.deadLettered} dead-lettered, ${c.pending.count} to go\n`,
      );
    }
  };
};

/** The demo's data folder, emptied except the packaged templates (cached: they only depend on config). */
const demoDataDir = (root: string): string => {
  const dir = join(root, '.local-cloud', 'demo-ingestion');
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(dir))
    if (entry !== 'packages') rmSync(join(dir, entry), { recursive: true, force: true });
  return dir;
};

export const demoIngestion = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      records: { type: 'string', default: '1000' },
      scale: { type: 'string', default: '1' },
      'tick-seconds': { type: 'string', default: '60' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${INGESTION_DEMO_USAGE}\n`);
    return;
  }
  const records = Number(values.records);
  const scale = Number(values.scale);
  const tickSeconds = Number(values['tick-seconds']);
  if (!(records >= 1 && scale > 0 && tickSeconds > 0))
    throw new Error('--records must be ≥ 1, --scale and --tick-seconds positive numbers');

  const dataDir = demoDataDir(root);
  // A port of its own for the provider (npm start's stand-in may hold acme's 4710), given to the demo's
  // local cloud as acme's base URL.
  const providerPort = await freePort();
  process.stdout.write(
    '▸ starting a local cloud with platform and ingestion-acme (about a minute; first time longer)\n',
  );
  const started = Date.now();
  const cloud = await LocalCloudProcess.start(root, dataDir, [
    '--ephemeral',
    '--services',
    'ingestion-acme',
    ...[...DEMO_PARAMS, `ingestion-acme.providerBaseUrl=http://127.0.0.1:${providerPort}`].flatMap(
      (param) => ['--param', param],
    ),
  ]);
  let simulator: Awaited<ReturnType<typeof startProviderSimulator>> | undefined;
  try {
    process.stdout.write(
      `  ready in ${((Date.now() - started) / 1000).toFixed(0)} s (logs: ${dataDir}/logs)\n`,
    );
    const endpoints = JSON.parse(readFileSync(join(dataDir, 'state', 'endpoints.json'), 'utf8')) as {
      stage: string;
      env: Record<string, string>;
    };
    const timeline = demoTimeline(scale);
    simulator = await startProviderSimulator({ port: providerPort, timeline }).catch((error: Error) => {
      throw new Error(`cannot start the provider simulator on port ${providerPort} (${error.message})`);
    });
    process.stdout.write(
      `▸ provider acme simulated on :${providerPort}: ${timeline.map((p) => `${p.name}${p.durationMs ? ` ${Math.round(p.durationMs / 1000)} s` : ''}`).join(' → ')}\n`,
    );
    const result = await runIngestionDemo({
      clients: createAwsClients(endpoints.env),
      stage: endpoints.stage,
      provider: 'acme',
      simulator,
      timeline,
      records,
      runId: `demo${Date.now().toString(36)}`,
      logFile: join(dataDir, 'logs', 'ingestion-acme.log'),
      tickEveryMs: tickSeconds * 1000,
      deadlineMs: Math.max(10 * 60_000, 20 * 60_000 * scale),
      onEvent: tracer(),
    });

    mkdirSync(join(root, 'reports'), { recursive: true });
    const base = join(root, 'reports', `demo-ingestion-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await writeDemoChart(`${base}.svg`, `acme: self-healing ingestion of ${records} records`, result);
    writeFileSync(`${base}.json`, JSON.stringify(result, null, 2));
    const { check } = result;
    process.stdout.write(
      `\n${check.passed ? '✔' : '✖'} processed exactly once that day: ${check.detail}\n  chart ${base}.svg\n  trace ${base}.json\n`,
    );
    if (!check.passed) process.exitCode = 1;
  } finally {
    await simulator?.stop();
    await cloud.stop();
  }
};
