#!/usr/bin/env node
// The entry point of every root npm script. It needs nothing but Node (>= 20) and npm:
//  1. installs the workspace with the pinned pnpm (fetched by npx) when node_modules is missing or
//     the lockfile changed since the last install;
//  2. runs the task with the workspace's own tools.
// Install output goes to stderr, so `npm run --silent token -- <id>` prints the token alone on stdout.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const PNPM = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager; // pnpm@x.y.z

const tasks = {
  start: [bin('tsx'), 'scripts/start.ts'],
  token: [bin('tsx'), 'packages/local-cloud/src/cli/token.ts'],
  feed: [bin('tsx'), 'scripts/feed-stream.ts'],
  replay: [bin('tsx'), 'scripts/replay.ts'],
  bench: [bin('tsx'), 'scripts/bench.ts'],
  experiment: [bin('tsx'), 'scripts/experiment.ts'],
  demo: [bin('tsx'), 'scripts/demo.ts'],
  test: [bin('tsx'), 'scripts/test.ts'],
  lint: [bin('tsx'), 'scripts/lint.ts'],
  package: [bin('tsx'), 'scripts/package.ts'],
};

const fail = (message) => {
  process.stderr.write(`\n✖ ${message}\n`);
  process.exit(1);
};

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) fail(`Node.js 20 or newer is required (this is ${process.version}).`);

const task = process.argv[2];
if (!tasks[task]) fail(`Unknown task "${task}". Tasks: ${Object.keys(tasks).join(', ')}`);

const stampFile = join(root, 'node_modules', '.kes-install-stamp');
const lockHash = createHash('sha256')
  .update(readFileSync(join(root, 'pnpm-lock.yaml')))
  .update(readFileSync(join(root, 'pnpm-workspace.yaml')))
  .digest('hex');
const installed = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === lockHash;

if (!installed) {
  process.stderr.write(`▸ installing dependencies with ${PNPM} (first run, or the lockfile changed)…\n`);
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const result = spawnSync(npx, ['--yes', PNPM, 'install', '--frozen-lockfile'], {
    cwd: root,
    // pnpm's progress goes to the terminal's stderr; stdout stays clean for the task.
    stdio: ['ignore', process.stderr, process.stderr],
    env: { ...process.env, COREPACK_ENABLE_STRICT: '0' },
  });
  if (result.status !== 0) fail(`Installing dependencies failed (pnpm exit code ${result.status}).`);
  writeFileSync(stampFile, lockHash);
}

const [command, ...args] = tasks[task];
const child = spawn(command, [...args, ...process.argv.slice(3)], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    // Tools the tasks spawn (serverless compose spawns `serverless`) are found in the workspace.
    PATH: `${join(root, 'node_modules', '.bin')}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH}`,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  },
});
// Ctrl-C reaches the task through the terminal's process group: the task decides how to stop. A
// SIGTERM sent to this process alone is passed on.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
