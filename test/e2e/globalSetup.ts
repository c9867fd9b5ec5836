import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, LocalCloud } from '@kes/local-cloud';

/**
 * Starts the whole local system once for the e2e suite (fresh data in a temp folder, free ports) and
 * hands its coordinates to the test workers through KES_E2E.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kes-e2e-'));
  // Each ingestion provider's simulator on a free port (not serverless-compose.yml's 4710–4712, which a
  // running `npm start` holds with its stand-ins), given to its deployment as providerBaseUrl.
  const providerPorts = {
    acme: await freePort(),
    globex: await freePort(),
    initech: await freePort(),
  };
  const started = Date.now();
  const cloud = await LocalCloud.start({
    rootDir: join(__dirname, '..', '..'),
    dataDir,
    port: 0,
    controlPort: 0,
    // Shorter than AWS's 1 s idle poll so the suite is quick; the semantics are the same.
    pollIntervalMs: 200,
    // The lake's delivery streams deliver every second instead of every 300 s (the template's hint).
    firehoseIntervalSeconds: 1,
    // Every ingestion provider too (three serverless-offline processes side by side), not only the first.
    allEntries: true,
    params: Object.fromEntries(
      Object.entries(providerPorts).map(([provider, port]) => [
        `ingestion-${provider}`,
        { providerBaseUrl: `http://127.0.0.1:${port}` },
      ]),
    ),
    log: (line) => process.stderr.write(`[e2e] ${line}\n`),
  });
  process.stderr.write(
    `[e2e] local cloud ready in ${((Date.now() - started) / 1000).toFixed(1)}s at ${cloud.baseUrl}\n`,
  );
  (globalThis as { __KES_CLOUD__?: LocalCloud }).__KES_CLOUD__ = cloud;
  process.env.KES_E2E = JSON.stringify({
    baseUrl: cloud.baseUrl,
    controlUrl: cloud.controlUrl,
    dataDir: cloud.dataDir,
    stage: cloud.stage,
    env: cloud.env,
    providerPorts,
  });
}
