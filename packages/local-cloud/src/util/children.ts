import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Stops a child process: SIGTERM, then SIGKILL after `graceMs` (some emulators ignore SIGTERM while
 * they hold connections). Resolves when the process has exited.
 */
export const stopChild = async (child: ChildProcess, graceMs = 5_000): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      // Children are started detached (their own process group) so the whole group gets the signal.
      if (child.pid !== undefined) process.kill(-child.pid, sig);
    } catch {
      child.kill(sig);
    }
  };
  signal('SIGTERM');
  const grace = new AbortController();
  const timer = sleep(graceMs, 'timeout' as const, { signal: grace.signal }).catch(() => 'exited' as const);
  const outcome = await Promise.race([exited.then(() => 'exited' as const), timer]);
  grace.abort();
  if (outcome === 'timeout') {
    signal('SIGKILL');
    await exited;
  }
};

const tracked = new Set<ChildProcess>();
let hooked = false;

/**
 * Remembers a child so that it is killed if this process exits without stopping it (a crash, an
 * uncaught error): no orphaned emulators after Ctrl-C or a failed test run.
 */
export const trackChild = (child: ChildProcess): void => {
  tracked.add(child);
  child.once('exit', () => tracked.delete(child));
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const c of tracked) {
      try {
        if (c.pid !== undefined) process.kill(-c.pid, 'SIGKILL');
      } catch {
        c.kill('SIGKILL');
      }
    }
  });
};
