import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { join } from 'node:path';
import { trackChild } from './children';

const GUARD = join(__dirname, '..', '..', 'bin', 'guard.sh');

/**
 * Spawns a long-running process of the local cloud through bin/guard.sh, in its own process group: the
 * guard kills it if this process dies without stopping it, and `stopChild` stops the whole group.
 */
export const spawnGuarded = (command: string, args: string[], options: SpawnOptions): ChildProcess => {
  const child = spawn('/bin/sh', [GUARD, String(process.pid), command, ...args], {
    ...options,
    detached: true,
  });
  trackChild(child);
  return child;
};
