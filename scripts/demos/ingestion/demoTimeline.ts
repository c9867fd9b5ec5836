import type { ProviderPhaseInput } from '@kes/service-ingestion';

/**
 * The demo's provider script, for a provider like acme (latency threshold 1 s, 10 calls at once):
 * healthy, then slow (most calls over the threshold: the batch size falls), then down (every call fails:
 * the circuit opens and the mapping is disabled), then healthy again until the end (a probe closes the
 * circuit and the batch size climbs back). `scale` stretches every phase (1 = about 3 minutes before
 * the recovery; the e2e test runs it at 0.25).
 *
 * @example
 * startProviderSimulator({ port: 4710, timeline: demoTimeline(1) });
 */
export const demoTimeline = (scale = 1): ProviderPhaseInput[] => [
  {
    name: 'healthy',
    kind: 'healthy',
    durationMs: Math.round(45_000 * scale),
    latency: { medianMs: 250, sigma: 0.4 },
    concurrencyLimit: 10,
  },
  {
    name: 'degraded',
    kind: 'degraded',
    durationMs: Math.round(60_000 * scale),
    latency: { medianMs: 1_800, sigma: 0.3 },
    errorRate: 0.05,
    concurrencyLimit: 10,
  },
  {
    name: 'outage',
    kind: 'outage',
    durationMs: Math.round(75_000 * scale),
    latency: { medianMs: 150, sigma: 0.3 },
    errorRate: 1,
  },
  { name: 'recovery', kind: 'healthy', latency: { medianMs: 250, sigma: 0.4 }, concurrencyLimit: 10 },
];
