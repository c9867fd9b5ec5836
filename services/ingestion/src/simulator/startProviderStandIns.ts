import { type ProviderSimulator, startProviderSimulator } from './startProviderSimulator';
import { parseTimeline, type Timeline } from './timeline';

/** One ingestion deployment as serverless-compose.yml lists it (its params, as strings). */
export interface IngestionEntry {
  /** The compose entry, e.g. `ingestion-acme`. */
  entry: string;
  params: Record<string, string>;
}

/** A stand-in that runs, or why an entry has none. */
export type StandIn =
  | { entry: string; provider: string; url: string; simulator: ProviderSimulator; catalogueSize: number }
  | { entry: string; provider: string; url: string; skipped: string };

/** How many ids a stand-in's daily catalogue lists: enough to watch the pipeline work, not to wait on it. */
export const STAND_IN_CATALOGUE_SIZE = 1_000;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A healthy provider shaped by an entry's params: calls take about a quarter of its latency threshold
 * (log-normal, sigma 0.4), 1% fail, and more calls at once than `maxConcurrency` get a 429.
 *
 * @example
 * standInTimeline({ latencyThresholdMs: '1000', maxConcurrency: '10' }); // median 250 ms, 429 above 10
 */
export const standInTimeline = (params: Record<string, string>): Timeline => {
  const threshold = Number(params.latencyThresholdMs ?? 1_000);
  const concurrency = Number(params.maxConcurrency ?? 10);
  return parseTimeline([
    {
      name: 'healthy',
      kind: 'healthy',
      latency: { medianMs: Math.max(5, Math.round(threshold / 4)), sigma: 0.4 },
      errorRate: 0.01,
      ...(Number.isInteger(concurrency) && concurrency > 0 ? { concurrencyLimit: concurrency } : {}),
    },
  ]);
};

/**
 * Starts a provider simulator on the local base URL of each ingestion entry (`params.providerBaseUrl`
 * on a loopback host), so the local system's enqueue schedule and `POST /ingestions/<provider>` have a
 * provider to call. An entry whose URL is not on loopback, or whose port is taken (e.g. by the user's
 * own simulator or the real provider's local mock), is skipped with the reason.
 *
 * @example
 * const standIns = await startProviderStandIns([{ entry: 'ingestion-acme', params: { provider: 'acme', providerBaseUrl: 'http://127.0.0.1:4710' } }]);
 * await Promise.all(standIns.map((s) => ('simulator' in s ? s.simulator.stop() : undefined)));
 */
export const startProviderStandIns = async (entries: readonly IngestionEntry[]): Promise<StandIn[]> => {
  const standIns: StandIn[] = [];
  for (const { entry, params } of entries) {
    const provider = params.provider ?? entry;
    const url = params.providerBaseUrl ?? '';
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      standIns.push({ entry, provider, url, skipped: 'no providerBaseUrl' });
      continue;
    }
    if (parsed.protocol !== 'http:' || !LOOPBACK_HOSTS.has(parsed.hostname) || !parsed.port) {
      standIns.push({ entry, provider, url, skipped: 'not an http URL on a loopback port' });
      continue;
    }
    try {
      const simulator = await startProviderSimulator({
        port: Number(parsed.port),
        host: parsed.hostname.replace(/^\[|\]$/g, ''),
        timeline: standInTimeline(params),
        catalogue: { size: STAND_IN_CATALOGUE_SIZE },
      });
      standIns.push({ entry, provider, url, simulator, catalogueSize: STAND_IN_CATALOGUE_SIZE });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      standIns.push({
        entry,
        provider,
        url,
        skipped: code === 'EADDRINUSE' ? `port ${parsed.port} is in use` : (error as Error).message,
      });
    }
  }
  return standIns;
};
