import type { ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnGuarded } from '../util/spawnGuarded';

export interface ServerlessRun {
  serviceDir: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** The repository root, whose node_modules/.bin holds `serverless` (osls). */
  rootDir: string;
}

/** Starts the Serverless Framework CLI (osls) in a service directory, output to a log file, in its own process group. */
export const spawnServerless = (run: ServerlessRun): ChildProcess => {
  mkdirSync(dirname(run.logFile), { recursive: true });
  const log = createWriteStream(run.logFile, { flags: 'w' });
  const child = spawnGuarded(join(run.rootDir, 'node_modules', '.bin', 'serverless'), run.args, {
    cwd: run.serviceDir,
    env: run.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
};

/** Runs a Serverless command to completion; rejects with the log's location when it fails. */
export const runServerless = (run: ServerlessRun): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawnServerless(run);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `serverless ${run.args.join(' ')} failed in ${run.serviceDir} (exit ${code}); see ${run.logFile}`,
            ),
          ),
    );
  });
