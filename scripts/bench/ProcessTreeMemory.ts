import { readdirSync, readFileSync } from 'node:fs';

/** Resident memory of a process and all its descendants, from /proc (Linux). */
export const treeRssBytes = (rootPid: number): number => {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      parents.set(pid, ppid);
      rss.set(pid, kb * 1024);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const queue = [rootPid];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += rss.get(pid) ?? 0;
    for (const [child, parent] of parents) if (parent === pid) queue.push(child);
  }
  return total;
};

/** Samples a process tree's memory every `intervalMs` and keeps the peak and the series. */
export class ProcessTreeMemory {
  readonly #rootPid: number;
  readonly #timer: NodeJS.Timeout;
  readonly #started = Date.now();
  public peakBytes = 0;
  public readonly samples: Array<{ second: number; mib: number }> = [];

  public constructor(rootPid: number, intervalMs = 1_000) {
    this.#rootPid = rootPid;
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
    this.sample();
  }

  public sample(): void {
    if (process.platform !== 'linux') return;
    const bytes = treeRssBytes(this.#rootPid);
    this.peakBytes = Math.max(this.peakBytes, bytes);
    this.samples.push({
      second: Math.round((Date.now() - this.#started) / 1000),
      mib: Math.round(bytes / 2 ** 20),
    });
  }

  public stop(): void {
    clearInterval(this.#timer);
  }
}
