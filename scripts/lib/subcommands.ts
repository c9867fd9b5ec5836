import { join } from 'node:path';

export interface Subcommand {
  usage: string;
  run: (root: string, argv: string[]) => Promise<void>;
}

/**
 * `npm run <script> -- <name> [options]`: runs the named subcommand with the repository root and its
 * options; without a (known) name prints every subcommand's usage (exit 2 for an unknown one).
 */
export const runSubcommand = (script: string, subcommands: Record<string, Subcommand>): void => {
  const main = async () => {
    const [name, ...argv] = process.argv.slice(2);
    const subcommand = name ? subcommands[name] : undefined;
    if (!subcommand) {
      process.stdout.write(
        `Usage: npm run ${script} -- <name> [options]\n\n${Object.entries(subcommands)
          .map(([key, s]) => `${key}:\n  ${s.usage.replace(/\n/g, '\n  ')}`)
          .join('\n\n')}\n`,
      );
      process.exitCode = name ? 2 : 0;
      return;
    }
    await subcommand.run(join(__dirname, '..', '..'), argv);
  };
  main().catch((error: Error) => {
    process.stderr.write(`\n✖ ${error.message}\n`);
    process.exit(1);
  });
};
