import { join } from 'node:path';
import {
  type ProviderPhaseInput,
  type ProviderSimulator,
  startProviderSimulator,
} from '@kes/service-ingestion';
import { runIngestionDemo } from '../../scripts/demos/ingestion/runIngestionDemo';
import { System } from './helpers/system';

/**
 * The core of `npm run demo -- ingestion` on a very short script, against the `initech` deployment
 * (serverless-compose.yml: 50 calls at once, latency threshold 500 ms, 2 attempts; its own provider port,
 * so it runs beside the acme tests).
 */
const TIMELINE: ProviderPhaseInput[] = [
  { name: 'healthy', kind: 'healthy', durationMs: 8_000, latency: { medianMs: 40, sigma: 0.2 } },
  { name: 'degraded', kind: 'degraded', durationMs: 10_000, latency: { medianMs: 900, sigma: 0.1 } },
  // Long enough to outlast the adaptive controller's trickle at batch size 1 (decision 0030), so it opens.
  { name: 'outage', kind: 'outage', durationMs: 60_000, latency: { medianMs: 50, sigma: 0.1 }, errorRate: 1 },
  { name: 'recovery', kind: 'healthy', latency: { medianMs: 40, sigma: 0.2 } },
];

describe('demo ingestion (initech): the batch size falls, the circuit opens and closes, every record once', () => {
  const system = System.shared();
  const providerPort = system.providerPort('initech');
  let simulator: ProviderSimulator | undefined;

  afterAll(async () => {
    await simulator?.stop();
  });

  it('tells the story and checks it from the tracking table and the provider', async () => {
    simulator = await startProviderSimulator({ port: providerPort, timeline: TIMELINE });
    const result = await runIngestionDemo({
      clients: system.clients,
      stage: system.coordinates.stage,
      provider: 'initech',
      simulator,
      timeline: TIMELINE,
      // Enough that work remains when the outage starts, however fast the machine (400 were all done while healthy).
      records: 2_000,
      runId: `demo-e2e${Date.now().toString(36)}`,
      logFile: join(system.coordinates.dataDir, 'logs', 'ingestion-initech.log'),
      tickEveryMs: 5_000,
      sampleEveryMs: 1_000,
      deadlineMs: 7 * 60_000,
    });

    // Every record processed once: fetched once (the provider served exactly that many), or dead-lettered.
    expect(result.check).toMatchObject({ passed: true, records: 2_000, pending: { count: 0 } });
    expect(result.check.fetched + result.check.deadLettered).toBe(2_000);
    expect(result.check.providerOk).toBe(result.check.fetched);
    expect(result.check.servedTwice.count).toBe(0);

    const opened = result.samples.findIndex((sample) => sample.state === 'Disabled');
    expect(opened).toBeGreaterThan(0);
    // Before it opened, the batch size had fallen below the full 50.
    expect(result.samples.slice(0, opened).some((sample) => sample.batchSize < 50)).toBe(true);
    // Later the mapping was enabled again and the batch size climbed above the probe's 1.
    expect(
      result.samples.slice(opened).some((sample) => sample.state === 'Enabled' && sample.batchSize > 1),
    ).toBe(true);
    // The controller's reasons came from its `ingestion control` log lines.
    expect(result.controls.some(({ line }) => line.circuit === 'open')).toBe(true);
    expect(result.phases.map((phase) => phase.name)).toEqual(['healthy', 'degraded', 'outage', 'recovery']);
  }, 480_000);
});
