import {
  type AdaptiveState,
  type ArticleState,
  adaptiveController,
  articleController,
  type BaseControllerState,
  type Controller,
  DEFAULT_PARAMETERS,
  SCENARIOS,
  type SimulationResult,
  simulateIngestion,
} from '../../src';

const controllers: Array<[string, Controller<BaseControllerState>]> = [
  ['article', articleController as unknown as Controller<BaseControllerState>],
  ['adaptive', adaptiveController as unknown as Controller<BaseControllerState>],
];
const cases = SCENARIOS.flatMap((scenario) =>
  controllers.map(([name, controller]) => ({ scenario, name, controller })),
);

const run = (index: number, seed = 1, records = 3_000): SimulationResult => {
  const { scenario, controller } = cases[index] as (typeof cases)[number];
  return simulateIngestion({
    controller,
    params: scenario.params,
    timeline: scenario.timeline,
    records: Math.min(scenario.records, records),
    seed,
  });
};

describe('simulateIngestion invariants', () => {
  it.each(cases.map((c, index) => [c.scenario.name, c.name, index] as const))(
    '%s, %s: every record fetched at most once, none lost, no call for a settled record',
    (_scenario, _controller, index) => {
      const result = run(index);
      const calls = new Map<number, { ok: number; afterSettled: number }>();
      const settledAt = new Map<number, number>();
      for (const call of result.calls) {
        const seen = calls.get(call.recordId) ?? { ok: 0, afterSettled: 0 };
        if (settledAt.has(call.recordId)) seen.afterSettled++;
        if (call.outcome === 'ok') {
          seen.ok++;
          settledAt.set(call.recordId, call.startedAt);
        }
        calls.set(call.recordId, seen);
      }

      expect(result.completedAt).not.toBeNull();
      expect(result.records.every((record) => record.fetched <= 1)).toBe(true);
      expect(result.records.every((record) => record.fetched === 1 || record.deadLettered)).toBe(true);
      expect(result.records.every((record) => !(record.fetched === 1 && record.deadLettered))).toBe(true);
      expect([...calls.values()].every((seen) => seen.ok <= 1 && seen.afterSettled === 0)).toBe(true);
      expect(result.records.filter((r) => r.deadLettered).every((r) => r.attempts === 3)).toBe(true);
    },
  );

  it('never has more calls in flight than the batch size, nor more than the provider maximum', () => {
    for (const index of cases.keys()) {
      const result = run(index);
      const perBatchStart = new Map<number, number>();
      for (const call of result.calls)
        perBatchStart.set(call.startedAt, (perBatchStart.get(call.startedAt) ?? 0) + 1);
      const largest = Math.max(...perBatchStart.values());

      expect(largest).toBeLessThanOrEqual(DEFAULT_PARAMETERS.maxConcurrency);
    }
  });

  it('is deterministic: the same seed gives the same run, another seed another run', () => {
    const outage = cases.findIndex((c) => c.scenario.name === 'outage-30min' && c.name === 'adaptive');

    expect(run(outage, 4)).toEqual(run(outage, 4));
    expect(run(outage, 4).calls).not.toEqual(run(outage, 5).calls);
  });

  it('makes no call while the mapping is disabled', () => {
    const outage = cases.findIndex((c) => c.scenario.name === 'outage-30min' && c.name === 'article');
    const result = run(outage, 1, Number.POSITIVE_INFINITY);
    const disabledSpans = result.samples.flatMap((sample, index) => {
      const next = result.samples[index + 1];
      return sample.enabled || !next ? [] : [[sample.at, next.at] as const];
    });

    expect(disabledSpans.length).toBeGreaterThan(0);
    for (const [from, to] of disabledSpans)
      expect(result.calls.filter((call) => call.startedAt > from && call.startedAt < to)).toEqual([]);
  });

  it('runs a 30-minute outage scenario in far less virtual work than real time (all in memory)', () => {
    const outage = SCENARIOS.find((scenario) => scenario.name === 'outage-30min');
    if (!outage) throw new Error('the suite has an outage-30min scenario');
    const result = simulateIngestion<ArticleState | AdaptiveState>({
      controller: adaptiveController as Controller<ArticleState | AdaptiveState>,
      params: outage.params,
      timeline: outage.timeline,
      records: outage.records,
      seed: 1,
    });

    expect(result.endedAt).toBeGreaterThan(35 * 60_000);
    expect(result.calls.filter((call) => call.phaseKind === 'outage').length).toBeLessThan(40);
  });
});
