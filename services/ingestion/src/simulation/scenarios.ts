import type { ProviderParameters } from '../controller/types';
import { type ProviderPhaseInput, parseTimeline, type Timeline } from '../simulator/timeline';

/** One scenario of the suite, and which of the targets apply to it. */
export interface Scenario {
  name: string;
  description: string;
  records: number;
  timeline: Timeline;
  params: ProviderParameters;
  /** Targets: `sooner` ≥ 25% sooner, `outageCalls` ≥ 50% fewer calls in outages, `recovery` full batch
   * size within two probe intervals, `noLoss` not slower and no less goodput than the article. */
  targets: ReadonlyArray<'sooner' | 'outageCalls' | 'recovery' | 'noLoss'>;
}

const MIN = 60_000;

/** The suite's provider: batch size and concurrency up to 10, 1 s latency threshold, "more than half". */
export const DEFAULT_PARAMETERS: ProviderParameters = {
  maxBatchSize: 10,
  maxConcurrency: 10,
  latencyThresholdMs: 1_000,
  errorRateThreshold: 0.5,
  probe: { initialIntervalMs: MIN, maxIntervalMs: 5 * MIN, multiplier: 2, jitter: 0.5 },
};

/** Median 300 ms with a tail (about 2% over 1 s), 1% errors, serves 10 concurrent calls at full speed. */
const healthy = (durationMs?: number): ProviderPhaseInput => ({
  name: 'healthy',
  kind: 'healthy',
  ...(durationMs === undefined ? {} : { durationMs }),
  latency: { medianMs: 300, sigma: 0.6 },
  errorRate: 0.01,
  capacity: 10,
});

/** Down: every call fails, slowly (median 8 s, some past the 30 s worker timeout). */
const outage = (durationMs: number): ProviderPhaseInput => ({
  name: 'outage',
  kind: 'outage',
  durationMs,
  latency: { medianMs: 8_000, sigma: 1 },
  errorRate: 1,
});

const degradation = (): ProviderPhaseInput[] =>
  Array.from({ length: 8 }, (_, step) => {
    const k = (step + 1) / 8;
    return {
      name: `degrading ${step + 1}/8`,
      kind: 'degraded' as const,
      durationMs: 2.5 * MIN,
      latency: { medianMs: Math.round(300 + k * 1_100), sigma: 0.6 },
      errorRate: 0.01 + k * 0.04,
      capacity: Math.round(10 - k * 7),
    };
  });

/** The suite of `npm run bench -- ingestion`. */
export const SCENARIOS: Scenario[] = [
  {
    name: 'steady-healthy',
    description: 'a healthy provider all along',
    records: 10_000,
    timeline: parseTimeline([healthy()]),
    params: DEFAULT_PARAMETERS,
    targets: ['noLoss'],
  },
  {
    name: 'slow-degradation',
    description:
      '20 min of rising latency (median 0.3 → 1.4 s) and falling capacity (10 → 3), 15 min degraded, recovery',
    records: 10_000,
    timeline: parseTimeline([
      healthy(3 * MIN),
      ...degradation(),
      {
        name: 'degraded',
        kind: 'degraded',
        durationMs: 15 * MIN,
        latency: { medianMs: 1_400, sigma: 0.6 },
        errorRate: 0.05,
        capacity: 3,
      },
      healthy(),
    ]),
    params: DEFAULT_PARAMETERS,
    targets: ['sooner', 'recovery'],
  },
  {
    name: 'error-burst',
    description: '4 min with 60% of calls failing, then healthy',
    records: 10_000,
    timeline: parseTimeline([
      healthy(3 * MIN),
      {
        name: 'burst',
        kind: 'degraded',
        durationMs: 4 * MIN,
        latency: { medianMs: 300, sigma: 0.6 },
        errorRate: 0.6,
        capacity: 10,
      },
      healthy(),
    ]),
    params: DEFAULT_PARAMETERS,
    targets: ['sooner', 'recovery'],
  },
  {
    name: 'outage-30min',
    description: 'healthy 5 min, down 30 min (every call fails, slowly), recovery',
    records: 6_000,
    timeline: parseTimeline([healthy(5 * MIN), outage(30 * MIN), healthy()]),
    params: DEFAULT_PARAMETERS,
    targets: ['sooner', 'outageCalls', 'recovery'],
  },
  {
    name: 'flapping',
    description: '6 × (healthy 4 min, down 2 min), then healthy',
    records: 10_000,
    timeline: parseTimeline([
      ...Array.from({ length: 6 }, () => [healthy(4 * MIN), outage(2 * MIN)]).flat(),
      healthy(),
    ]),
    params: DEFAULT_PARAMETERS,
    targets: ['sooner', 'outageCalls', 'recovery'],
  },
  {
    name: 'concurrency-capped',
    description: 'healthy, but 429 above 4 concurrent calls although the provider is configured for 10',
    records: 5_000,
    timeline: parseTimeline([{ ...healthy(), name: 'capped', concurrencyLimit: 4, retryAfterMs: 1_000 }]),
    params: DEFAULT_PARAMETERS,
    targets: [],
  },
  {
    name: 'maintenance',
    description: 'healthy 3 min, a 20 min maintenance window (503 + Retry-After), healthy',
    records: 6_000,
    timeline: parseTimeline([
      healthy(3 * MIN),
      { name: 'maintenance', kind: 'maintenance', durationMs: 20 * MIN, latency: { medianMs: 10, sigma: 0 } },
      healthy(),
    ]),
    params: DEFAULT_PARAMETERS,
    targets: ['recovery'],
  },
];
