import type { ProviderParameters } from '../controller/types';
import { type ProviderPhaseInput, parseTimeline, type Timeline } from '../simulator/timeline';
import { DEFAULT_PARAMETERS, PROFILES, type ProviderProfile } from './profiles';

/** One scenario of the suite, and which of the targets apply to it. */
export interface Scenario {
  name: string;
  description: string;
  /** The provider profile it runs on. */
  profile: string;
  records: number;
  timeline: Timeline;
  params: ProviderParameters;
  /** The worker's timeout for this provider. */
  callTimeoutMs: number;
  /** Targets: `sooner` ≥ 25% sooner, `outageCalls` ≥ 50% fewer calls in outages, `recovery` full batch
   * size within two probe intervals, `noLoss` not slower and no less goodput than the article. */
  targets: ReadonlyArray<'sooner' | 'outageCalls' | 'recovery' | 'noLoss'>;
}

const MIN = 60_000;

/**
 * The suite of `npm run bench -- ingestion` on one provider profile: the same shapes and timings on
 * every profile; the provider's latency, concurrency (capacity, caps) and the workload come from it.
 *
 * @example
 * const highVolume = scenarioSuite(PROFILES.find((p) => p.name === 'high-volume'));
 */
export const scenarioSuite = (profile: ProviderProfile): Scenario[] => {
  const full = profile.params.maxConcurrency;
  const share = (fraction: number) => Math.max(1, Math.round(full * fraction));
  const { medianMs, sigma } = profile.latency;
  /** A tail (about 2% over the threshold on the default profile), 1% errors, full speed up to the maximum. */
  const healthy = (durationMs?: number): ProviderPhaseInput => ({
    name: 'healthy',
    kind: 'healthy',
    ...(durationMs === undefined ? {} : { durationMs }),
    latency: { medianMs, sigma },
    errorRate: 0.01,
    capacity: full,
  });
  /** Down: every call fails, slowly (median 8 s, some past a 30 s worker timeout). */
  const outage = (durationMs: number): ProviderPhaseInput => ({
    name: 'outage',
    kind: 'outage',
    durationMs,
    latency: { medianMs: 8_000, sigma: 1 },
    errorRate: 1,
  });
  // Latency × 4.7 and capacity down to 30% over 20 minutes (default profile: 0.3 → 1.4 s, 10 → 3).
  const degraded = (k: number) => ({
    latency: { medianMs: Math.round(medianMs * (1 + k * 3.67)), sigma },
    errorRate: 0.01 + k * 0.04,
    capacity: Math.max(1, Math.round(full - k * (full - share(0.3)))),
  });
  const records = (original: number) => profile.records ?? original;
  const base = { profile: profile.name, params: profile.params, callTimeoutMs: profile.callTimeoutMs };
  return [
    {
      ...base,
      name: 'steady-healthy',
      description: 'a healthy provider all along',
      records: records(10_000),
      timeline: parseTimeline([healthy()]),
      targets: ['noLoss'],
    },
    {
      ...base,
      name: 'slow-degradation',
      description: `20 min of rising latency (median × 4.7) and falling capacity (${full} → ${share(0.3)}), 15 min degraded, recovery`,
      records: records(10_000),
      timeline: parseTimeline([
        healthy(3 * MIN),
        ...Array.from({ length: 8 }, (_, step) => ({
          name: `degrading ${step + 1}/8`,
          kind: 'degraded' as const,
          durationMs: 2.5 * MIN,
          ...degraded((step + 1) / 8),
        })),
        { name: 'degraded', kind: 'degraded', durationMs: 15 * MIN, ...degraded(1) },
        healthy(),
      ]),
      targets: ['sooner', 'recovery'],
    },
    {
      ...base,
      name: 'error-burst',
      description: '4 min with 60% of calls failing, then healthy',
      records: records(10_000),
      timeline: parseTimeline([
        healthy(3 * MIN),
        { ...healthy(4 * MIN), name: 'burst', kind: 'degraded', errorRate: 0.6 },
        healthy(),
      ]),
      targets: ['sooner', 'recovery'],
    },
    {
      ...base,
      name: 'outage-30min',
      description: 'healthy 5 min, down 30 min (every call fails, slowly), recovery',
      records: records(6_000),
      timeline: parseTimeline([healthy(5 * MIN), outage(30 * MIN), healthy()]),
      targets: ['sooner', 'outageCalls', 'recovery'],
    },
    {
      ...base,
      name: 'flapping',
      description: '6 × (healthy 4 min, down 2 min), then healthy',
      records: records(10_000),
      timeline: parseTimeline([
        ...Array.from({ length: 6 }, () => [healthy(4 * MIN), outage(2 * MIN)]).flat(),
        healthy(),
      ]),
      targets: ['sooner', 'outageCalls', 'recovery'],
    },
    {
      ...base,
      name: 'concurrency-capped',
      description: `healthy, but 429 above ${share(0.4)} concurrent calls although the provider is configured for ${full}`,
      records: records(5_000),
      timeline: parseTimeline([
        { ...healthy(), name: 'capped', concurrencyLimit: share(0.4), retryAfterMs: 1_000 },
      ]),
      targets: [],
    },
    {
      ...base,
      name: 'maintenance',
      description: 'healthy 3 min, a 20 min maintenance window (503 + Retry-After), healthy',
      records: records(6_000),
      timeline: parseTimeline([
        healthy(3 * MIN),
        {
          name: 'maintenance',
          kind: 'maintenance',
          durationMs: 20 * MIN,
          latency: { medianMs: 10, sigma: 0 },
        },
        healthy(),
      ]),
      targets: ['recovery'],
    },
  ];
};

/** The suite on the default profile (the original `npm run bench -- ingestion` scenarios). */
export const SCENARIOS: Scenario[] = scenarioSuite(PROFILES[0] as ProviderProfile);

export { DEFAULT_PARAMETERS };
