/** The clock and timers the schedules run on: real ones in the local cloud, a fake in unit tests. */
export interface Timers {
  now(): number;
  setTimeout(task: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, unref'd: a waiting schedule never keeps a process alive on its own. */
export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (task, delayMs) => {
    const handle = setTimeout(task, delayMs);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
