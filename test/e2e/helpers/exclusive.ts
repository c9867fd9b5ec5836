import { mkdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `task` while no other e2e test file holds the lock `name` (a directory created atomically in the
 * shared local cloud's data folder). The suite's files run two at a time against one local cloud: tests
 * that write a shared stream and then read it whole (the replay stream) take turns.
 *
 * @example
 * await exclusive(system.coordinates.dataDir, 'replay-stream', async () => runReplayAndRead());
 */
export const exclusive = async <T>(
  dataDir: string,
  name: string,
  task: () => Promise<T>,
  timeoutMs = 5 * 60_000,
): Promise<T> => {
  const lock = join(dataDir, 'e2e-locks', name);
  mkdirSync(join(dataDir, 'e2e-locks'), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) throw new Error(`e2e lock ${name}: still held after ${timeoutMs} ms`);
      await sleep(250);
    }
  }
  try {
    return await task();
  } finally {
    rmdirSync(lock);
  }
};
