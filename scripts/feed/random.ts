import type { Skew } from './args';

/** A small seeded generator (mulberry32): the same seed gives the same run. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/**
 * Picks an index in [0, n) with the given skew: uniform, or Zipf (rank k has weight 1/k^s), so a few
 * hot posts get most claps, as in real traffic.
 */
export const skewedPicker = (n: number, skew: Skew, random: () => number): (() => number) => {
  if (skew.kind === 'uniform') return () => Math.floor(random() * n);
  const cumulative: number[] = [];
  let sum = 0;
  for (let k = 1; k <= n; k++) {
    sum += 1 / k ** skew.exponent;
    cumulative.push(sum);
  }
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
};
