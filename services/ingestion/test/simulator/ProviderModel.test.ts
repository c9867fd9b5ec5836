import { MAX_LATENCY_MS, MIN_LATENCY_MS, ProviderModel, parseTimeline, phaseAt } from '../../src';

const MIN = 60_000;
const timeline = parseTimeline([
  {
    name: 'healthy',
    kind: 'healthy',
    durationMs: MIN,
    latency: { medianMs: 300, sigma: 0.6 },
    errorRate: 0.1,
  },
  {
    name: 'capped',
    kind: 'healthy',
    durationMs: MIN,
    latency: { medianMs: 100, sigma: 0 },
    concurrencyLimit: 3,
    retryAfterMs: 2_000,
  },
  { name: 'maintenance', kind: 'maintenance', durationMs: 10 * MIN, latency: { medianMs: 10, sigma: 0 } },
  { name: 'loaded', kind: 'degraded', latency: { medianMs: 1_000, sigma: 0 }, capacity: 2 },
]);

describe('ProviderModel', () => {
  it('plays the phases in order and stays in the last one', () => {
    expect(
      [0, MIN - 1, MIN, 2 * MIN, 12 * MIN, 99 * MIN].map((t) => phaseAt(timeline, t).phase.name),
    ).toEqual(['healthy', 'healthy', 'capped', 'maintenance', 'loaded', 'loaded']);
  });

  it('draws latencies around the median, within 5 ms–70 s, with the error rate asked for', () => {
    const model = new ProviderModel(timeline, 3);
    const answers = Array.from({ length: 4_000 }, () => model.respond(0, 1));
    const latencies = answers.map((answer) => answer.latencyMs).sort((a, b) => a - b);
    const errors = answers.filter((answer) => answer.status === 500).length / answers.length;

    expect(latencies[0]).toBeGreaterThanOrEqual(MIN_LATENCY_MS);
    expect(latencies.at(-1)).toBeLessThanOrEqual(MAX_LATENCY_MS);
    expect(latencies[2_000]).toBeGreaterThan(270);
    expect(latencies[2_000]).toBeLessThan(330);
    expect(errors).toBeGreaterThan(0.08);
    expect(errors).toBeLessThan(0.12);
  });

  it('clamps extreme draws to 70 s', () => {
    const extreme = parseTimeline([{ name: 'x', kind: 'degraded', latency: { medianMs: 60_000, sigma: 3 } }]);
    const model = new ProviderModel(extreme, 1);

    const latencies = Array.from({ length: 200 }, () => model.respond(0, 1).latencyMs);

    expect(Math.max(...latencies)).toBe(MAX_LATENCY_MS);
  });

  it('answers 429 with its Retry-After above the concurrency limit, at once', () => {
    const model = new ProviderModel(timeline, 1);

    expect(model.respond(MIN, 3)).toMatchObject({ status: 200, latencyMs: 100 });
    expect(model.respond(MIN, 4)).toMatchObject({ status: 429, retryAfterMs: 2_000 });
    expect(model.respond(MIN, 4).latencyMs).toBeLessThan(50);
  });

  it('answers 503 during maintenance with a Retry-After until its end', () => {
    const model = new ProviderModel(timeline, 1);

    expect(model.respond(4 * MIN, 1)).toMatchObject({
      status: 503,
      retryAfterMs: 8 * MIN,
      phase: 'maintenance',
    });
  });

  it('slows down with the load above its capacity', () => {
    const model = new ProviderModel(timeline, 1);

    expect([1, 2, 4, 8].map((concurrent) => model.respond(20 * MIN, concurrent).latencyMs)).toEqual([
      1_000, 1_000, 2_000, 4_000,
    ]);
  });

  it('gives the same answers for the same seed', () => {
    const run = (seed: number) => {
      const model = new ProviderModel(timeline, seed);
      return Array.from({ length: 50 }, (_, n) => model.respond(n * 1_000, 1 + (n % 5)));
    };

    expect(run(9)).toEqual(run(9));
    expect(run(9)).not.toEqual(run(10));
  });

  it('rejects a timeline a person got wrong', () => {
    expect(() => parseTimeline([])).toThrow();
    expect(() =>
      parseTimeline([{ name: 'x', kind: 'healthy', latency: { medianMs: 10, sigma: 0 }, errorRate: 2 }]),
    ).toThrow();
  });
});
