import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `probe` (real time) until it returns a value that is not `undefined`/`false`, and returns it;
 * fails with `what` after `timeoutMs`. For integration tests, where the emulators take their time.
 */
export const eventually = async <T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
};
