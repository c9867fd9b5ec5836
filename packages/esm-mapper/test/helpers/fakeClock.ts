import type { Clock } from '../../src';

/** A clock whose `sleep` returns at once and moves time forward; records every sleep. */
export const fakeClock = (start = 1_000_000): Clock & { sleeps: number[] } => {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
};
