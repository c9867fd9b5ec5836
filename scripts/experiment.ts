import { join } from 'node:path';
import { experimentPriorities, PRIORITIES_USAGE } from './experiments/priorities';

/**
 * `npm run experiment -- <name> [options]`: experiments reproduce a finding (of the source articles or
 * our own) in the local cloud and write their data as CSV/JSON and charts under reports/.
 */
const EXPERIMENTS: Record<string, { usage: string; run: (root: string, argv: string[]) => Promise<void> }> = {
  priorities: { usage: PRIORITIES_USAGE, run: experimentPriorities },
};

const main = async () => {
  const [name, ...argv] = process.argv.slice(2);
  const experiment = name ? EXPERIMENTS[name] : undefined;
  if (!experiment) {
    process.stdout.write(
      `Usage: npm run experiment -- <name> [options]\n\n${Object.entries(EXPERIMENTS)
        .map(([key, e]) => `${key}:\n  ${e.usage.replace(/\n/g, '\n  ')}`)
        .join('\n\n')}\n`,
    );
    process.exitCode = name ? 2 : 0;
    return;
  }
  await experiment.run(join(__dirname, '..'), argv);
};

main().catch((error: Error) => {
  process.stderr.write(`\n✖ ${error.message}\n`);
  process.exit(1);
});
