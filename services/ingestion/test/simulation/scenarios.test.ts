import {
  type AdaptiveState,
  adaptiveController,
  type Controller,
  PROFILES,
  SCENARIOS,
  scenarioSuite,
  simulateIngestion,
} from '../../src';

describe('scenarioSuite', () => {
  it('runs the same seven scenario shapes on every profile, with its parameters and workload', () => {
    for (const profile of PROFILES) {
      const suite = scenarioSuite(profile);

      expect(suite.map((scenario) => scenario.name)).toEqual(SCENARIOS.map((scenario) => scenario.name));
      for (const scenario of suite) {
        expect(scenario).toMatchObject({ profile: profile.name, params: profile.params });
        expect(scenario.callTimeoutMs).toBe(profile.callTimeoutMs);
        if (profile.records !== null) expect(scenario.records).toBe(profile.records);
        expect(scenario.timeline.map((phase) => phase.durationMs)).toEqual(
          (SCENARIOS.find((s) => s.name === scenario.name)?.timeline ?? []).map((phase) => phase.durationMs),
        );
      }
    }
  });

  it('keeps the original suite on the default profile: 10 concurrent, capacity 10 → 3, cap 4', () => {
    const byName = new Map(SCENARIOS.map((scenario) => [scenario.name, scenario]));

    expect(SCENARIOS.map((scenario) => scenario.records)).toEqual([
      10_000, 10_000, 10_000, 6_000, 10_000, 5_000, 6_000,
    ]);
    expect(byName.get('slow-degradation')?.timeline.at(-2)).toMatchObject({
      capacity: 3,
      latency: { medianMs: 1_401 },
    });
    expect(byName.get('concurrency-capped')?.timeline[0]?.concurrencyLimit).toBe(4);
  });

  it.each(PROFILES.map((profile) => [profile.name, profile] as const))(
    '%s: the adaptive controller never fans out above the profile’s concurrency',
    (_name, profile) => {
      for (const scenario of scenarioSuite(profile)) {
        const result = simulateIngestion<AdaptiveState>({
          controller: adaptiveController as Controller<AdaptiveState>,
          params: scenario.params,
          timeline: scenario.timeline,
          records: 500,
          seed: 3,
          callTimeoutMs: scenario.callTimeoutMs,
        });
        const perBatch = new Map<number, number>();
        for (const call of result.calls)
          perBatch.set(call.startedAt, (perBatch.get(call.startedAt) ?? 0) + 1);

        expect(result.completedAt).not.toBeNull();
        expect(Math.max(...perBatch.values())).toBeLessThanOrEqual(profile.params.maxConcurrency);
      }
    },
  );
});
