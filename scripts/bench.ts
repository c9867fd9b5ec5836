import { join } from 'node:path';
import { benchDelivery, DELIVERY_USAGE } from './bench/delivery';
import { benchE2e, E2E_USAGE } from './bench/e2e';
import { benchEventStore, EVENT_STORE_USAGE } from './bench/eventStore';
import { benchLimits, LIMITS_USAGE } from './bench/limits';

/**
 * `npm run bench -- <name> [options]`: benchmarks print their figures (and, where a peer exists, the
 * peer measured in the same run) and write a JSON report and charts under reports/. Results worth
 * keeping go to docs/benchmarks.md with the machine and date.
 */
const BENCHMARKS: Record<string, { usage: string; run: (root: string, argv: string[]) => Promise<void> }> = {
  e2e: { usage: E2E_USAGE, run: benchE2e },
  delivery: { usage: DELIVERY_USAGE, run: benchDelivery },
  limits: { usage: LIMITS_USAGE, run: benchLimits },
  'event-store': { usage: EVENT_STORE_USAGE, run: benchEventStore },
};

const main = async () => {
  const [name, ...argv] = process.argv.slice(2);
  const bench = name ? BENCHMARKS[name] : undefined;
  if (!bench) {
    process.stdout.write(
      `Usage: npm run bench -- <name> [options]\n\n${Object.entries(BENCHMARKS)
        .map(([key, b]) => `${key}:\n  ${b.usage.replace(/\n/g, '\n  ')}`)
        .join('\n\n')}\n`,
    );
    process.exitCode = name ? 2 : 0;
    return;
  }
  await bench.run(join(__dirname, '..'), argv);
};

main().catch((error: Error) => {
  process.stderr.write(`\n✖ ${error.message}\n`);
  process.exit(1);
});
