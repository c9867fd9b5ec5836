import { type AdaptiveState, adaptiveController, createAdaptiveController, probeDelay } from '../../src';
import { batch, PARAMS } from '../helpers/observations';

const MIN = 60_000;
const state = (overrides: Partial<AdaptiveState> = {}): AdaptiveState => ({
  ...adaptiveController.initialState(PARAMS, 7),
  ...overrides,
});
const at = (window: number, overrides: Partial<AdaptiveState> = {}) =>
  state({ window, batchSize: Math.floor(window), ...overrides });

describe('adaptiveController.afterBatch, circuit closed', () => {
  it.each`
    case                                           | window | calls           | after | ceiling | enabled  | circuit
    ${'healthy at the maximum'}                    | ${10}  | ${'oooooooooo'} | ${10} | ${10}   | ${true}  | ${'closed'}
    ${'a tail of slow calls is still healthy'}     | ${5}   | ${'oooos'}      | ${6}  | ${5}    | ${true}  | ${'closed'}
    ${'a 25% slow tail is too much to grow'}       | ${4}   | ${'ooos'}       | ${4}  | ${10}   | ${true}  | ${'closed'}
    ${'errors at the threshold halve the window'}  | ${10}  | ${'ooooeeeeee'} | ${5}  | ${5}    | ${true}  | ${'closed'}
    ${'mostly slow: window × 0.75'}                | ${10}  | ${'oooossssss'} | ${7}  | ${7.5}  | ${true}  | ${'closed'}
    ${'some errors under the threshold: hold'}     | ${6}   | ${'oooeeo'}     | ${6}  | ${10}   | ${true}  | ${'closed'}
    ${'slow at concurrency 1: keep going'}         | ${1}   | ${'s'}          | ${1}  | ${10}   | ${true}  | ${'closed'}
    ${'one error at concurrency 1: not a trip'}    | ${1}   | ${'e'}          | ${1}  | ${10}   | ${true}  | ${'closed'}
    ${'every call of a batch fails: trip at once'} | ${10}  | ${'eeeeettttt'} | ${10} | ${10}   | ${false} | ${'open'}
  `('$case', ({ window, calls, after, ceiling, enabled, circuit }) => {
    const { state: next, decision } = adaptiveController.afterBatch(
      at(window, { ceiling: window === 5 ? 5 : 10 }),
      PARAMS,
      batch(calls),
      0,
    );

    expect(decision).toMatchObject({ batchSize: after, enabled });
    expect(next).toMatchObject({ circuit, ceiling });
  });

  it('below the ceiling doubles per healthy batch (slow start), above it adds one', () => {
    let current = at(1, { ceiling: 8 });
    const sizes: number[] = [];
    for (let n = 0; n < 5; n++) {
      current = adaptiveController.afterBatch(current, PARAMS, batch('o'.repeat(current.batchSize)), 0).state;
      sizes.push(current.batchSize);
    }

    expect(sizes).toEqual([2, 4, 8, 9, 10]);
  });

  it('trips after three failed calls in a row at concurrency 1, and not before', () => {
    const first = adaptiveController.afterBatch(at(1), PARAMS, batch('e'), 0).state;
    const second = adaptiveController.afterBatch(first, PARAMS, batch('e'), 0).state;
    const third = adaptiveController.afterBatch(second, PARAMS, batch('e'), 0).state;

    expect([first, second, third].map((s) => s.circuit)).toEqual(['closed', 'closed', 'open']);
  });

  it('a success resets the run of failures', () => {
    const failing = adaptiveController.afterBatch(at(1), PARAMS, batch('e'), 0).state;
    const recovered = adaptiveController.afterBatch(failing, PARAMS, batch('o'), 0).state;

    expect(recovered.failureStreak).toBe(0);
  });

  it('learns the concurrency the provider accepts from 429s and stays under it', () => {
    const { state: next, decision } = adaptiveController.afterBatch(
      at(10),
      PARAMS,
      batch('oooo444444'),
      5 * MIN,
    );
    const healthy = adaptiveController.afterBatch(next, PARAMS, batch('oooo'), 6 * MIN).state;

    expect(decision).toMatchObject({ batchSize: 4, enabled: true });
    expect(next).toMatchObject({ learnedCap: 4, learnedCapAt: 5 * MIN });
    expect(healthy.batchSize).toBe(4);
  });

  it('tries one more concurrent call than the learned cap after 10 minutes', () => {
    const capped = at(4, { learnedCap: 4, learnedCapAt: 0, ceiling: 4 });

    const next = adaptiveController.afterBatch(capped, PARAMS, batch('oooo'), 10 * MIN).state;

    expect(next).toMatchObject({ learnedCap: 5, batchSize: 5 });
  });

  it("opens until the provider's Retry-After when a whole batch is refused for maintenance", () => {
    const { state: next } = adaptiveController.afterBatch(at(10), PARAMS, batch('mmmmmmmmmm'), 0);

    expect(next).toMatchObject({ enabled: false, circuit: 'open', nextProbeAt: 20 * MIN });
  });

  it("never goes above the provider's concurrency limit", () => {
    const params = { ...PARAMS, maxConcurrency: 6 };
    let current = adaptiveController.initialState(params, 1);
    for (let n = 0; n < 5; n++)
      current = adaptiveController.afterBatch(current, params, batch('o'.repeat(current.batchSize)), 0).state;

    expect(current.batchSize).toBe(6);
  });
});

describe('adaptiveController, half-open probes', () => {
  const probing = state({ window: 1, batchSize: 1, enabled: true, circuit: 'half-open', failedProbes: 2 });

  it('a good probe closes the circuit and starts the slow start at 2', () => {
    const { state: next, decision } = adaptiveController.afterBatch(probing, PARAMS, batch('o'), 0);

    expect(decision).toMatchObject({ batchSize: 2, enabled: true });
    expect(next).toMatchObject({ circuit: 'closed', failedProbes: 0, nextProbeAt: null });
  });

  it('a failed probe opens it again with a longer wait: exponential, jittered, capped', () => {
    const { state: next } = adaptiveController.afterBatch(probing, PARAMS, batch('e'), 0);

    expect(next).toMatchObject({ circuit: 'open', enabled: false, failedProbes: 3 });
    // 1 min × 2³ = 8 min, capped at 5 min, minus up to 50% jitter.
    expect(next.nextProbeAt).toBeGreaterThanOrEqual(2.5 * MIN);
    expect(next.nextProbeAt).toBeLessThanOrEqual(5 * MIN);
  });

  it('draws the same jitter from the same persisted random state', () => {
    const delays = (rng: number) =>
      [0, 1, 2, 3, 4, 5].map((failed) => probeDelay(PARAMS.probe, failed, rng)[0]);

    expect(delays(42)).toEqual(delays(42));
    expect(delays(42)).not.toEqual(delays(43));
    for (const [failed, delay] of delays(42).entries()) {
      const base = Math.min(5 * MIN, MIN * 2 ** failed);
      expect(delay).toBeGreaterThanOrEqual(base / 2);
      expect(delay).toBeLessThanOrEqual(base);
    }
  });

  it.each`
    now          | enabled  | circuit
    ${0}         | ${false} | ${'open'}
    ${2 * MIN}   | ${false} | ${'open'}
    ${2.5 * MIN} | ${true}  | ${'half-open'}
    ${3 * MIN}   | ${true}  | ${'half-open'}
  `('a tick at $now ms with a probe due at 3 min: enabled $enabled', ({ now, enabled, circuit }) => {
    const open = state({ enabled: false, circuit: 'open', nextProbeAt: 3 * MIN });

    const { state: next, decision } = adaptiveController.onTick(open, PARAMS, now);

    expect(decision.enabled).toBe(enabled);
    expect(next.circuit).toBe(circuit);
    if (enabled) expect(decision.batchSize).toBe(1);
  });

  it('ticks leave a closed circuit alone, every minute by default', () => {
    const closed = at(6);

    expect(adaptiveController.onTick(closed, PARAMS, 99 * MIN).state).toEqual(closed);
    expect(adaptiveController.tickIntervalMs(PARAMS)).toBe(MIN);
    expect(createAdaptiveController({ tickIntervalMs: 5 * MIN }).tickIntervalMs(PARAMS)).toBe(5 * MIN);
  });

  it('its state survives a round trip through storage', () => {
    const stored = JSON.parse(JSON.stringify(state({ circuit: 'open', nextProbeAt: 123, learnedCap: 3 })));

    expect(adaptiveController.parseState(stored)).toEqual(stored);
    expect(() => adaptiveController.parseState({ ...stored, controller: 'article' })).toThrow();
  });
});
