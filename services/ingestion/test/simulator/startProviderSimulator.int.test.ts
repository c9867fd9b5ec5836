import { type ProviderSimulator, startProviderSimulator } from '../../src';
import { acme } from '../../src/providers/acme';

describe('startProviderSimulator (real HTTP on loopback)', () => {
  let simulator: ProviderSimulator | undefined;
  let clock = 0;

  afterEach(async () => {
    await simulator?.stop();
    simulator = undefined;
  });

  it('answers 429 with Retry-After above the concurrency limit while the others are served', async () => {
    simulator = await startProviderSimulator({
      port: 0,
      now: () => clock,
      timeline: [
        {
          name: 'capped',
          kind: 'healthy',
          latency: { medianMs: 400, sigma: 0 },
          concurrencyLimit: 2,
          retryAfterMs: 3_000,
        },
      ],
    });
    const url = simulator.url;
    const first = fetch(`${url}/records/1`);
    const second = fetch(`${url}/records/2`);
    // Wait until both are in progress at the provider before the third one arrives.
    while (simulator.stats().inFlight < 2) await new Promise((resolve) => setImmediate(resolve));

    const third = await fetch(`${url}/records/3`);
    const served = await Promise.all([first, second]);

    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('3');
    expect(served.map((response) => response.status)).toEqual([200, 200]);
    expect(await served[0]?.json()).toMatchObject({ id: '1' });
    expect(simulator.stats()).toMatchObject({ ok: 2, throttled: 1, inFlight: 0 });
  });

  it('counts a record as served only when its 200 reaches a caller still waiting for it', async () => {
    simulator = await startProviderSimulator({
      port: 0,
      timeline: [{ name: 'slow', kind: 'healthy', latency: { medianMs: 300, sigma: 0 } }],
    });
    const url = simulator.url;

    const abandoned = await fetch(`${url}/records/a`, { signal: AbortSignal.timeout(50) }).catch(
      (error: Error) => error.name,
    );
    await Promise.all([fetch(`${url}/records/a`), fetch(`${url}/records/b`), fetch(`${url}/records/b`)]);
    // The abandoned call's timer fires after the caller left: wait for it too.
    while (simulator.stats().inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20));

    expect(abandoned).toBe('TimeoutError');
    expect(simulator.servedById()).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
    expect(simulator.requestsById()).toEqual(
      new Map([
        ['a', 2],
        ['b', 2],
      ]),
    );
  });

  it('switches phases on its clock: healthy, outage, maintenance', async () => {
    clock = 0;
    simulator = await startProviderSimulator({
      port: 0,
      now: () => clock,
      timeline: [
        { name: 'healthy', kind: 'healthy', durationMs: 1_000, latency: { medianMs: 5, sigma: 0 } },
        {
          name: 'outage',
          kind: 'outage',
          durationMs: 1_000,
          latency: { medianMs: 5, sigma: 0 },
          errorRate: 1,
        },
        { name: 'maintenance', kind: 'maintenance', durationMs: 60_000, latency: { medianMs: 5, sigma: 0 } },
      ],
    });
    const get = async () => {
      const response = await fetch(`${simulator?.url}/records/42`);
      await response.arrayBuffer();
      return [response.status, response.headers.get('x-provider-phase'), response.headers.get('retry-after')];
    };

    const healthy = await get();
    clock = 1_500;
    const outage = await get();
    clock = 2_000;
    const maintenance = await get();

    expect([healthy, outage, maintenance]).toEqual([
      [200, 'healthy', null],
      [500, 'outage', null],
      [503, 'maintenance', '60'],
    ]);
    const stats = await (await fetch(`${simulator.url}/_simulator`)).json();
    expect(stats).toMatchObject({ phase: 'maintenance', ok: 1, errors: 1, unavailable: 1 });
  });

  it('answers 404 elsewhere and rejects an invalid timeline before listening', async () => {
    simulator = await startProviderSimulator({
      port: 0,
      timeline: [{ name: 'ok', kind: 'healthy', latency: { medianMs: 5, sigma: 0 } }],
    });

    expect((await fetch(`${simulator.url}/nope`)).status).toBe(404);
    await expect(startProviderSimulator({ port: 0, timeline: [] })).rejects.toThrow();
  });

  it('lists a day catalogue a page at a time (GET /catalogue), as the acme module reads it', async () => {
    simulator = await startProviderSimulator({
      port: 0,
      timeline: [{ name: 'ok', kind: 'healthy', latency: { medianMs: 5, sigma: 0 } }],
      catalogue: { size: 5, prefix: 'c-' },
    });
    const page = async (query: string) => (await fetch(`${simulator?.url}/catalogue?${query}`)).json();

    expect(await page('day=2026-11-22&limit=2')).toEqual({
      ids: ['c-2026-11-22-000000', 'c-2026-11-22-000001'],
      nextCursor: '2',
    });
    expect(await page('day=2026-11-22&cursor=4&limit=2')).toEqual({ ids: ['c-2026-11-22-000004'] });
    const acmePages = [
      await acme.catalogue('2026-11-23', { limit: 3 }, { baseUrl: simulator.url, timeoutMs: 1_000 }),
    ];
    acmePages.push(
      await acme.catalogue(
        '2026-11-23',
        { cursor: acmePages[0]?.nextCursor ?? '', limit: 3 },
        { baseUrl: simulator.url, timeoutMs: 1_000 },
      ),
    );
    expect(acmePages.flatMap((p) => p.ids)).toEqual(simulator.catalogueIds('2026-11-23'));
    expect(acmePages[1]?.nextCursor).toBeUndefined();

    expect((await fetch(`${simulator.url}/catalogue?day=tomorrow`)).status).toBe(400);
    expect((await fetch(`${simulator.url}/catalogue?day=2026-11-22&limit=5000`)).status).toBe(400);
  });
});
