/**
 * One step of mulberry32 on an explicit 32-bit state: a value in [0, 1) and the next state. Pure, so
 * a controller can keep its random state in its persisted state and a cold start draws the same
 * numbers a warm container would have drawn.
 *
 * @example
 * const [value, state] = nextRandom(42);
 */
export const nextRandom = (state: number): [value: number, nextState: number] => {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
};

/**
 * A seeded generator of numbers in [0, 1) (mulberry32): the same seed gives the same sequence.
 *
 * @example
 * const random = seededRandom(7);
 * const coin = random() < 0.5;
 */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    const [value, next] = nextRandom(state);
    state = next;
    return value;
  };
};

/** A standard normal deviate (Box–Muller) from a uniform generator. */
export const standardNormal = (random: () => number): number => {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
};
