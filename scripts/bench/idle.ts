import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalCloudProcess } from '@kes/local-cloud';
import { treeRssBytes } from './ProcessTreeMemory';

export const IDLE_USAGE = `npm run bench -- idle [--runs 1] [--settle 30]

What the local system costs before it does anything: starts a fresh local cloud (in memory, packaging
included) as npm start does, and as npm start -- --all-entries does (every ingestion provider, each one
more serverless-offline process), --runs times each; reports the start time (the banner's "ready in")
and the resident memory of the whole process tree --settle seconds after the start (mean and max of 10
samples 2 s apart). Writes reports/bench-idle-<time>.json.`;

const VARIANTS: Array<{ name: string; args: string[] }> = [
  { name: 'npm start (the first ingestion provider)', args: [] },
  { name: 'npm start -- --all-entries (three providers)', args: ['--all-entries'] },
];

interface IdleRun {
  variant: string;
  startSeconds: number;
  idleMiB: { mean: number; max: number };
  serverlessOfflineProcesses: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const measure = async (
  root: string,
  variant: (typeof VARIANTS)[number],
  settleMs: number,
): Promise<IdleRun> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kes-bench-idle-'));
  try {
    const began = Date.now();
    const cloud = await LocalCloudProcess.start(root, dataDir, ['--ephemeral', ...variant.args]);
    try {
      const cliLog = readdirSync(dataDir).find((name) => name.startsWith('cli-')) ?? '';
      const banner = /ready in ([\d.]+)s/.exec(readFileSync(join(dataDir, cliLog), 'utf8'))?.[1];
      const startSeconds = banner ? Number(banner) : (Date.now() - began) / 1000;
      process.stdout.write(`    ready in ${startSeconds.toFixed(1)} s; idle for ${settleMs / 1000} s…\n`);
      await sleep(settleMs);
      const samples: number[] = [];
      for (let index = 0; index < 10; index++) {
        samples.push(treeRssBytes(cloud.pid) / 2 ** 20);
        await sleep(2_000);
      }
      const pids = JSON.parse(readFileSync(join(dataDir, 'state', 'pids.json'), 'utf8')) as {
        children: number[];
      };
      return {
        variant: variant.name,
        startSeconds,
        idleMiB: {
          mean: Math.round(samples.reduce((sum, value) => sum + value, 0) / samples.length),
          max: Math.round(Math.max(...samples)),
        },
        // DynamoDB Local is the other child.
        serverlessOfflineProcesses: pids.children.length - 1,
      };
    } finally {
      await cloud.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export const benchIdle = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '1' },
      settle: { type: 'string', default: '30' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${IDLE_USAGE}\n`);
    return;
  }
  const runs: IdleRun[] = [];
  for (let round = 1; round <= Math.max(1, Number(values.runs)); round++) {
    for (const variant of VARIANTS) {
      process.stdout.write(`▸ run ${round}: ${variant.name}\n`);
      const run = await measure(root, variant, Number(values.settle) * 1000);
      runs.push(run);
      process.stdout.write(
        `    start ${run.startSeconds.toFixed(1)} s, idle ${run.idleMiB.mean} MiB (max ${run.idleMiB.max}), ${run.serverlessOfflineProcesses} serverless-offline processes\n`,
      );
    }
  }
  mkdirSync(join(root, 'reports'), { recursive: true });
  const file = join(root, 'reports', `bench-idle-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ runs }, null, 2));
  process.stdout.write(`\nreport ${file}\n`);
};
