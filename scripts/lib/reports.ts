import { mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

/** The machine a figure was measured on: without it, a benchmark figure means nothing. */
export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export const describeMachine = (): Machine => {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
};

/** One line for printed summaries, e.g. `2 × AMD EPYC, 24 GiB, v20.20.2`. */
export const machineLine = (machine: Machine): string =>
  `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.node}`;

/**
 * `<root>/reports/<name>-<time>` (no extension): where a run's JSON, CSV and charts go. reports/ is
 * git-ignored; figures worth keeping are copied into docs/benchmarks.md with the machine and date.
 */
export const reportBase = (root: string, name: string): string => {
  mkdirSync(join(root, 'reports'), { recursive: true });
  return join(root, 'reports', `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
};
