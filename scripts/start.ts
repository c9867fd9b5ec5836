import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readCompose } from '@kes/local-cloud';
import { type StandIn, startProviderStandIns } from '@kes/service-ingestion';

/**
 * `npm start`: the local cloud (packages/local-cloud/src/cli/start.ts, every option passed on), and a
 * stand-in provider on the local base URL of each ingestion deployment, so that the enqueue schedule and
 * `POST /ingestions/<provider>` have a provider to call: the provider simulator, healthy, with a daily
 * catalogue of 1,000 ids. `--no-provider-simulators` leaves those ports to your own mock. The third-party
 * providers are the one part of the system that is not ours to run: the stand-ins play them.
 */
const root = process.cwd();
const args = process.argv.slice(2);
const withoutStandIns = args.includes('--no-provider-simulators');
const passOn = args.filter((arg) => arg !== '--no-provider-simulators');
const help = passOn.includes('--help');

const describe = (standIn: StandIn): string =>
  'simulator' in standIn
    ? `${standIn.provider.padEnd(8)} ${standIn.url}  stand-in provider (healthy, ${standIn.catalogueSize} ids a day; --no-provider-simulators to use your own)`
    : `${standIn.provider.padEnd(8)} ${standIn.url}  no stand-in: ${standIn.skipped}`;

const main = async () => {
  const entries = readCompose(root)
    .filter((service) => service.params.provider && service.params.providerBaseUrl)
    .map((service) => ({ entry: service.key, params: service.params }));
  const standIns = help || withoutStandIns ? [] : await startProviderStandIns(entries);
  if (standIns.length > 0) {
    console.log('▸ ingestion providers (the third parties the ingestion service calls):');
    for (const standIn of standIns) console.log(`  ${describe(standIn)}`);
  }
  const cloud = spawn(
    join(root, 'node_modules', '.bin', 'tsx'),
    ['packages/local-cloud/src/cli/start.ts', ...passOn],
    { cwd: root, stdio: 'inherit' },
  );
  // Ctrl-C reaches both processes (one terminal process group); a signal sent to this one alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      if (cloud.exitCode === null) cloud.kill(signal);
    });
  const code = await new Promise<number>((resolve) =>
    cloud.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))),
  );
  await Promise.all(
    standIns.map((standIn) => ('simulator' in standIn ? standIn.simulator.stop() : undefined)),
  );
  if (help)
    console.log(`  --no-provider-simulators
                       do not start a stand-in provider (the healthy provider simulator) on the local
                       base URL of each ingestion deployment (providerBaseUrl in serverless-compose.yml)`);
  process.exit(code);
};

main().catch((error: Error) => {
  console.error(`\n✖ ${error.message}`);
  process.exit(1);
});
