import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type StandIn, standInTimeline, startProviderStandIns } from '../../src';

describe('startProviderStandIns (real HTTP on loopback)', () => {
  const running: StandIn[] = [];
  let blocker: Server | undefined;

  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => ('simulator' in s ? s.simulator.stop() : undefined)));
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
    blocker = undefined;
  });

  const freePort = async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  };

  it("serves each entry's records and catalogue on its base URL, and skips what it cannot serve", async () => {
    const [free, taken] = [await freePort(), await freePort()];
    blocker = createServer();
    await new Promise<void>((resolve) => blocker?.listen(taken, '127.0.0.1', resolve));

    running.push(
      ...(await startProviderStandIns([
        {
          entry: 'ingestion-acme',
          params: { provider: 'acme', providerBaseUrl: `http://127.0.0.1:${free}`, latencyThresholdMs: '40' },
        },
        {
          entry: 'ingestion-globex',
          params: { provider: 'globex', providerBaseUrl: `http://127.0.0.1:${taken}` },
        },
        {
          entry: 'ingestion-remote',
          params: { provider: 'remote', providerBaseUrl: 'https://api.example.com' },
        },
      ])),
    );

    const [acme, globex, remote] = running;
    expect(acme).toMatchObject({ provider: 'acme', url: `http://127.0.0.1:${free}`, catalogueSize: 1_000 });
    expect(globex).toMatchObject({ provider: 'globex', skipped: `port ${taken} is in use` });
    expect(remote).toMatchObject({ provider: 'remote', skipped: 'not an http URL on a loopback port' });
    const record = await fetch(`http://127.0.0.1:${free}/records/r-1`);
    const catalogue = (await (
      await fetch(`http://127.0.0.1:${free}/catalogue?day=2026-11-22&limit=1000`)
    ).json()) as {
      ids: string[];
    };
    expect([200, 500]).toContain(record.status);
    expect(catalogue.ids).toHaveLength(1_000);
  });

  it("shapes a healthy provider from the entry's params: a quarter of the latency threshold, 429 above its concurrency", () => {
    const [phase] = standInTimeline({ latencyThresholdMs: '1000', maxConcurrency: '10' });

    expect(phase).toMatchObject({
      kind: 'healthy',
      latency: { medianMs: 250, sigma: 0.4 },
      errorRate: 0.01,
      concurrencyLimit: 10,
    });
    expect(phase?.durationMs).toBeUndefined();
  });
});
