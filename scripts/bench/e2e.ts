import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalCloudProcess } from '@kes/local-cloud';
import { parseFeedArgs } from '../feed/args';
import { writeLineChart } from '../feed/chart';
import { type FeedReport, printFeedReport, runFeed, writeFeedReport } from '../feed-stream';
import { CpuByRole } from './cpuByRole';
import { ProcessTreeMemory } from './ProcessTreeMemory';

export const E2E_USAGE = `npm run bench -- e2e [--rate 500] [--duration 60] [--no-ramp]

Starts a fresh local cloud (the whole system, as npm start does), then
  1. ramps the offered rate up in 15 s steps (50, 100, 150, … claps/s) to find the highest rate the
     system keeps up with (accepts ≥ 95% of what is offered, request p99 < 1 s);
  2. claps over HTTP for --duration seconds at --rate (default 500, the target);
and reports sustained claps/s, request p99, clap → read-model p50/p99, mismatches and the peak memory
of every process of the local system. Writes reports/bench-e2e-<time>.json and charts.`;

interface RampStep {
  offered: number;
  accepted: number;
  requestP99: number | null;
  readModelP99: number | null;
  keptUp: boolean;
}

const RAMP = [50, 100, 150, 200, 250, 300, 400, 500, 600];

export const benchE2e = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '500' },
      duration: { type: 'string', default: '60' },
      'no-ramp': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${E2E_USAGE}\n`);
    return;
  }
  mkdirSync(join(root, 'reports'), { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'kes-bench-e2e-'));
  process.stdout.write('▸ starting a fresh local cloud (idle poll interval 1 s, as on AWS)\n');
  const cloud = await LocalCloudProcess.start(root, dataDir, ['--fresh']);
  const memory = new ProcessTreeMemory(cloud.pid);
  /** A run with failed requests keeps the local cloud's logs, which say why. */
  let keepLogs = false;
  const feedArgs = (rate: number, duration: number, quiet: boolean) => {
    const options = parseFeedArgs([
      '--data-dir',
      dataDir,
      '--rate',
      String(rate),
      '--duration',
      String(duration),
      '--posts',
      '100',
      '--members',
      '2000',
      '--skew',
      'zipf:1.1',
      '--unclap',
      '0.1',
      '--probe',
      '0.05',
      '--converge-timeout',
      '120',
      ...(quiet ? ['--quiet'] : []),
    ]);
    if (options === 'help') throw new Error('unreachable');
    return options;
  };
  try {
    process.stdout.write('▸ warm-up: 10 s at 50 claps/s\n');
    await runFeed(feedArgs(50, 10, true));

    const ramp: RampStep[] = [];
    if (!values['no-ramp']) {
      process.stdout.write('▸ ramp: 15 s per step until the system no longer keeps up\n');
      for (const offered of RAMP) {
        const step = await runFeed(feedArgs(offered, 15, true));
        const keptUp =
          step.acceptedPerSecond >= offered * 0.95 && (step.requestLatencyMs.p99 ?? Infinity) < 1_000;
        ramp.push({
          offered,
          accepted: step.acceptedPerSecond,
          requestP99: step.requestLatencyMs.p99,
          readModelP99: step.readModelLatencyMs.p99,
          keptUp,
        });
        process.stdout.write(
          `  offered ${String(offered).padStart(3)}/s → accepted ${step.acceptedPerSecond}/s, request p99 ${step.requestLatencyMs.p99} ms, read model p99 ${step.readModelLatencyMs.p99} ms, mismatches ${step.mismatches}${keptUp ? '' : '  ← no longer keeps up'}\n`,
        );
        if (!keptUp) break;
      }
    }

    const rate = Number(values.rate);
    const duration = Number(values.duration);
    process.stdout.write(`▸ main run: ${duration} s at ${rate} claps/s over HTTP\n`);
    const cpu = new CpuByRole();
    cpu.start();
    const report: FeedReport = await runFeed(feedArgs(rate, duration, false));
    keepLogs = Object.keys(report.errors).length > 0;
    const cpuByRole = cpu.stop();
    memory.sample();
    memory.stop();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const feedPath = await writeFeedReport(report, join(root, 'reports', `bench-e2e-${stamp}-main.json`));
    printFeedReport(report, feedPath);
    const sustained = [...ramp].reverse().find((step) => step.keptUp);
    const summary = {
      benchmark: 'e2e',
      at: new Date().toISOString(),
      machine: report.machine,
      target: { clapsPerSecond: 500, readModelP99Ms: 3_000, mismatches: 0, peakMemoryGiB: 2 },
      ramp,
      highestRateKeptUp: sustained?.offered ?? null,
      main: {
        offered: rate,
        durationSeconds: report.durationSeconds,
        acceptedPerSecond: report.acceptedPerSecond,
        requestLatencyMs: report.requestLatencyMs,
        readModelLatencyMs: report.readModelLatencyMs,
        errors: report.errors,
        mismatches: report.mismatches,
      },
      peakMemoryMiB: Math.round(memory.peakBytes / 2 ** 20),
      cpuPerAcceptedClapMs: Object.fromEntries(
        cpuByRole.map(({ role, cpuSeconds }) => [
          role,
          Math.round((cpuSeconds / Math.max(report.accepted, 1)) * 1e4) / 10,
        ]),
      ),
      cpuSecondsByRole: cpuByRole,
      memory: memory.samples,
    };
    const path = join(root, 'reports', `bench-e2e-${stamp}.json`);
    writeFileSync(path, JSON.stringify(summary, null, 2));
    await writeLineChart(
      path.replace(/\.json$/, '-memory.svg'),
      'Resident memory of the whole local system',
      'seconds since start',
      'MiB',
      memory.samples.map((s) => ({ x: s.second, y: s.mib, series: 'RSS of every process' })),
    );
    process.stdout.write(`
e2e benchmark (${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, ${report.machine.node})
  highest rate kept up      ${sustained ? `${sustained.offered} claps/s (request p99 ${sustained.requestP99} ms)` : 'n/a (ramp skipped)'}   target ≥ 500
  main run at ${rate}/s        ${report.acceptedPerSecond} claps/s accepted, request p99 ${report.requestLatencyMs.p99} ms
  clap → read model         p50 ${report.readModelLatencyMs.p50} ms, p99 ${report.readModelLatencyMs.p99} ms   target p99 ≤ 3000
  mismatches                ${report.mismatches}   target 0
  peak memory (all procs)   ${summary.peakMemoryMiB} MiB   target ≤ 2048
  CPU per accepted clap     ${cpuByRole.map(({ role, cpuSeconds }) => `${((cpuSeconds / Math.max(report.accepted, 1)) * 1000).toFixed(1)} ms ${role}`).join('\n                            ')}
  report                    ${path} (+ -memory.svg; main run: ${feedPath})
`);
  } finally {
    memory.stop();
    await cloud.stop();
    if (keepLogs) process.stdout.write(`  logs of the failed requests kept in ${dataDir}\n`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
};
