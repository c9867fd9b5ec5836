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
    case                                           | window | calls           | after | ceiling | enabled | circuit
    ${'healthy at the maximum'}                    | ${10}  | ${'oooooooooo'} | ${10} | ${10}   | ${true} | ${'closed'}
    ${'a tail of slow calls is still healthy'}     | ${5}   | ${'oooos'}      | ${6}  | ${5}    | ${true} | ${'closed'}
    ${'a 25% slow tail is too much to grow'}       | ${4}   | ${'ooos'}       | ${4}  | ${10}   | ${true} | ${'closed'}
    ${'errors at the threshold halve the window'}  | ${10}  | ${'ooooeeeeee'} | ${5}  | ${5}    | ${true} | ${'closed'}
    ${'mostly slow: window × 0.75'}                | ${10}  | ${'oooossssss'} | ${7}  | ${7.5}  | ${true} | ${'closed'}
    ${'some errors under the threshold: hold'}     | ${6}   | ${'oooeeo'}     | ${6}  | ${10}   | ${true} | ${'closed'}
    ${'1 error in a batch of 2 is noise: hold'}    | ${2}   | ${'oe'}         | ${2}  | ${10}   | ${true} | ${'closed'}
    ${'slow at concurrency 1: keep going'}         | ${1}   | ${'s'}          | ${1}  | ${10}   | ${true} | ${'closed'}
    ${'one error at concurrency 1: not a trip'}    | ${1}   | ${'e'}          | ${1}  | ${10}   | ${true} | ${'closed'}
    ${'every call of a batch fails: trickle at 1'} | ${10}  | ${'eeeeettttt'} | ${1}  | ${10}   | ${true} | ${'half-open'}
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

describe('adaptiveController, the trickle after a sudden trip', () => {
  const tripped = () => adaptiveController.afterBatch(at(10), PARAMS, batch('eeeeeeeeee'), 0).state;

  it('keeps calling at batch size 1 for two probe intervals, then opens', () => {
    const trickling = tripped();
    const stillFailing = adaptiveController.afterBatch(trickling, PARAMS, batch('e'), 1.5 * MIN).state;
    const expired = adaptiveController.afterBatch(stillFailing, PARAMS, batch('e'), 2 * MIN).state;

    expect(trickling).toMatchObject({
      circuit: 'half-open',
      enabled: true,
      batchSize: 1,
      trickleUntil: 2 * MIN,
    });
    expect(stillFailing).toMatchObject({ circuit: 'half-open', enabled: true, trickleCallsLeft: 19 });
    expect(expired).toMatchObject({ circuit: 'open', enabled: false, failedProbes: 1 });
  });

  it('spends at most twice the tripping batch in calls, however fast they fail', () => {
    let state = tripped();
    let calls = 0;
    while (state.enabled) {
      state = adaptiveController.afterBatch(state, PARAMS, batch('e'), calls * 100).state;
      calls++;
    }

    expect(calls).toBe(20);
    expect(state.circuit).toBe('open');
  });

  it('a success closes the circuit and remembers how long the outage lasted', () => {
    const { state: next, decision } = adaptiveController.afterBatch(tripped(), PARAMS, batch('o'), 1.5 * MIN);

    expect(decision).toMatchObject({ batchSize: 2, enabled: true });
    expect(next).toMatchObject({ circuit: 'closed', openedAt: null, lastOutageMs: 1.5 * MIN, ceiling: 10 });
  });

  it('after a short outage the next trickle lasts 1.5 × it, and probes do not back off within 2 × it', () => {
    const afterShort = at(10, { lastOutageMs: 2 * MIN });
    const trickling = adaptiveController.afterBatch(afterShort, PARAMS, batch('eeeeeeeeee'), 0).state;
    const opened = adaptiveController.afterBatch(
      { ...trickling, trickleUntil: 0 },
      PARAMS,
      batch('e'),
      3 * MIN,
    ).state;

    expect(trickling.trickleUntil).toBe(3 * MIN);
    // Failed probes 1, but the outage (3 min) is within 2 × the last: the initial 30–60 s, not 1–2 min.
    expect(opened.nextProbeAt).toBeLessThanOrEqual(4 * MIN);
  });

  it('a trip at batch size 1 or 2 (a struggling provider) opens at once, and so does trickle: false', () => {
    const failing = at(1, { failureStreak: 2 });

    expect(adaptiveController.afterBatch(failing, PARAMS, batch('e'), 0).state.circuit).toBe('open');
    expect(
      createAdaptiveController({ trickle: false }).afterBatch(at(10), PARAMS, batch('eeeeeeeeee'), 0).state,
    ).toMatchObject({ circuit: 'open', enabled: false });
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
    const { openedAt, trickleUntil, trickleCallsLeft, lastOutageMs, ...olderVersion } = stored;

    expect(adaptiveController.parseState(stored)).toEqual(stored);
    // A state stored before the trickle existed still parses (the new fields have defaults).
    expect(adaptiveController.parseState(olderVersion)).toEqual({
      ...olderVersion,
      openedAt: null,
      trickleUntil: null,
      trickleCallsLeft: 0,
      lastOutageMs: null,
    });
    expect(() => adaptiveController.parseState({ ...stored, controller: 'article' })).toThrow();
  });
});
