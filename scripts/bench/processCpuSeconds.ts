import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

/** `/proc/<pid>/stat`'s fields after the command name (which may hold spaces and parentheses). */
const statFields = (pid: number): string[] | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
};

/**
 * CPU seconds (user + system) a process has used so far, from Linux's `/proc/<pid>/stat`; undefined when
 * the process is gone (or not on Linux). Two readings around a run say what the run cost that process.
 *
 * @example
 * const before = processCpuSeconds(pid);
 */
export const processCpuSeconds = (pid: number | undefined): number | undefined => {
  const fields = pid === undefined ? undefined : statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND : undefined;
};

/**
 * CPU seconds used so far by a process and its descendants — e.g. the guard shell the local cloud starts
 * DynamoDB Local through (spawnGuarded) and the JVM under it. 0 when none is left.
 *
 * @example
 * const before = processTreeCpuSeconds(dynamodb.pid);
 */
export const processTreeCpuSeconds = (rootPid: number | undefined): number => {
  if (rootPid === undefined) return 0;
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    const parent = Number.isInteger(pid) ? Number(statFields(pid)?.[1]) : Number.NaN;
    if (Number.isInteger(parent)) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  let total = 0;
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    total += processCpuSeconds(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
};
