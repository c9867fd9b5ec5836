import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderModel } from './ProviderModel';
import { type ProviderPhaseInput, parseTimeline } from './timeline';

/** Options of {@link startProviderSimulator}. */
export interface ProviderSimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  timeline: readonly ProviderPhaseInput[];
  /** Seed of the latency and error draws (default 1). */
  seed?: number;
  /** The clock the timeline runs on (default `Date.now`); tests pass one they move by hand. */
  now?: () => number;
  /**
   * The catalogue served at `GET /catalogue?day=&cursor=&limit=`: `size` ids a day (default 100), each
   * `<prefix><day>-<n>` (prefix default `r-`; a test picks its own so runs do not share ids).
   */
  catalogue?: { size?: number; prefix?: string };
}

/** Counts since the start. */
export interface ProviderSimulatorStats {
  phase: string;
  elapsedMs: number;
  inFlight: number;
  ok: number;
  errors: number;
  throttled: number;
  unavailable: number;
}

/** A running simulator. */
export interface ProviderSimulator {
  /** e.g. `http://127.0.0.1:40123`; records are at `${url}/records/<id>`. */
  readonly url: string;
  readonly port: number;
  stats(): ProviderSimulatorStats;
  /** How many requests each record id received (answered or not), e.g. to check at-most-once. */
  requestsById(): Map<string, number>;
  /**
   * How many times each record id was served: a 200 written to a client still waiting for it (a caller
   * that gave up before the answer did not get the record). More than 1 means it was fetched twice.
   */
  servedById(): Map<string, number>;
  /** The ids `GET /catalogue` lists for a day, in order. */
  catalogueIds(day: string): string[];
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}

const send = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

/**
 * Plays a provider over HTTP (node:http), from a scripted timeline: `GET /records/<id>` answers after
 * the phase's latency with 200 `{id, fetchedAt}`, 500 (the phase's error rate), 429 + Retry-After when
 * more calls are in progress than the phase's concurrency limit, 503 + Retry-After during maintenance.
 * Every answer carries `x-provider-phase`. `GET /catalogue?day=&cursor=&limit=` lists the day's record
 * ids a page at a time (`{ids, nextCursor?}`). `GET /_simulator` returns {@link ProviderSimulatorStats}.
 *
 * @example
 * const provider = await startProviderSimulator({ port: 0, timeline: [{ name: 'ok', kind: 'healthy', latency: { medianMs: 50, sigma: 0.5 } }] });
 * const response = await fetch(`${provider.url}/records/42`);
 * await provider.stop();
 */
export const startProviderSimulator = async (
  options: ProviderSimulatorOptions,
): Promise<ProviderSimulator> => {
  const now = options.now ?? Date.now;
  const model = new ProviderModel(parseTimeline(options.timeline), options.seed ?? 1);
  const startedAt = now();
  const counts = { inFlight: 0, ok: 0, errors: 0, throttled: 0, unavailable: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const requests = new Map<string, number>();
  const served = new Map<string, number>();

  const stats = (): ProviderSimulatorStats => {
    const elapsedMs = now() - startedAt;
    return { phase: model.phaseAt(elapsedMs).phase.name, elapsedMs, ...counts };
  };

  const handleRecord = (id: string, response: ServerResponse) => {
    requests.set(id, (requests.get(id) ?? 0) + 1);
    const answer = model.respond(now() - startedAt, counts.inFlight + 1);
    const headers: Record<string, string> = { 'x-provider-phase': answer.phase };
    if (answer.retryAfterMs !== undefined)
      headers['retry-after'] = String(Math.ceil(answer.retryAfterMs / 1000));
    const accepted = answer.status === 200 || answer.status === 500;
    if (accepted) counts.inFlight++;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (accepted) counts.inFlight--;
      if (answer.status === 200) counts.ok++;
      else if (answer.status === 500) counts.errors++;
      else if (answer.status === 429) counts.throttled++;
      else counts.unavailable++;
      if (response.destroyed) return;
      if (answer.status === 200) served.set(id, (served.get(id) ?? 0) + 1);
      if (answer.status === 200) send(response, 200, { id, fetchedAt: new Date().toISOString() }, headers);
      else send(response, answer.status, { error: { status: answer.status, phase: answer.phase } }, headers);
    }, answer.latencyMs);
    timers.add(timer);
  };

  const catalogueSize = options.catalogue?.size ?? 100;
  const prefix = options.catalogue?.prefix ?? 'r-';
  const catalogueIds = (day: string) =>
    Array.from({ length: catalogueSize }, (_, n) => `${prefix}${day}-${String(n).padStart(6, '0')}`);
  const handleCatalogue = (query: URLSearchParams, response: ServerResponse) => {
    const day = query.get('day') ?? '';
    const cursor = Number(query.get('cursor') ?? '0');
    const limit = Number(query.get('limit') ?? '500');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !Number.isInteger(cursor) || cursor < 0)
      return send(response, 400, { error: { status: 400, message: 'day=yyyy-mm-dd, cursor=<n> expected' } });
    if (!Number.isInteger(limit) || limit < 1 || limit > 1_000)
      return send(response, 400, { error: { status: 400, message: 'limit: 1–1000' } });
    const end = Math.min(catalogueSize, cursor + limit);
    const ids = Array.from(
      { length: Math.max(0, end - cursor) },
      (_, i) => `${prefix}${day}-${String(cursor + i).padStart(6, '0')}`,
    );
    send(response, 200, end < catalogueSize ? { ids, nextCursor: String(end) } : { ids });
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://provider');
    const path = url.pathname;
    const match = /^\/records\/([^/]+)$/.exec(path);
    if (request.method === 'GET' && match?.[1]) return handleRecord(decodeURIComponent(match[1]), response);
    if (request.method === 'GET' && path === '/_simulator') return send(response, 200, stats());
    if (request.method === 'GET' && path === '/catalogue') return handleCatalogue(url.searchParams, response);
    send(response, 404, {
      error: { status: 404, message: 'GET /records/<id>, GET /catalogue?day= or GET /_simulator' },
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    port,
    stats,
    requestsById: () => new Map(requests),
    servedById: () => new Map(served),
    catalogueIds,
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
