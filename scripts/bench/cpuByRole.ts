import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { processCpuSeconds } from './processCpuSeconds';

/** CPU seconds (user + system) consumed so far by every process, with a role read off its command line. */
const snapshot = (benchPid: number): Map<number, { role: string; seconds: number }> => {
  const result = new Map<number, { role: string; seconds: number }>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const seconds = processCpuSeconds(pid);
      if (seconds === undefined) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      result.set(pid, { role: roleOf(pid, benchPid, cmdline), seconds });
    } catch {
      // ended meanwhile
    }
  }
  return result;
};

const roleOf = (pid: number, benchPid: number, cmdline: string): string => {
  if (pid === benchPid) return 'load generator (this benchmark)';
  if (cmdline.includes('DynamoDBLocal')) return 'DynamoDB Local (Java)';
  if (cmdline.includes('offline start')) {
    try {
      return `${basename(readlinkSync(`/proc/${pid}/cwd`))} functions (serverless-offline)`;
    } catch {
      return 'functions (serverless-offline)';
    }
  }
  if (cmdline.includes('cli/start.ts')) return 'local cloud: gateway, ESM engine, Kinesis';
  return 'other';
};

/**
 * Measures the CPU each part of the system uses between `start()` and `stop()` (Linux /proc), so a
 * benchmark can say where the time goes, not just how fast it went.
 */
export class CpuByRole {
  readonly #benchPid = process.pid;
  #before = new Map<number, { role: string; seconds: number }>();

  public start(): void {
    this.#before = snapshot(this.#benchPid);
  }

  public stop(): Array<{ role: string; cpuSeconds: number }> {
    const after = snapshot(this.#benchPid);
    const byRole = new Map<string, number>();
    for (const [pid, { role, seconds }] of after) {
      const used = seconds - (this.#before.get(pid)?.seconds ?? 0);
      if (role === 'other' || used <= 0) continue;
      byRole.set(role, (byRole.get(role) ?? 0) + used);
    }
    return [...byRole.entries()]
      .map(([role, cpuSeconds]) => ({ role, cpuSeconds: Math.round(cpuSeconds * 10) / 10 }))
      .sort((a, b) => b.cpuSeconds - a.cpuSeconds);
  }
}
