import { spawnSync } from 'node:child_process';

/**
 * `npm test`: type check and lint, then every Jest project — unit tests, integration tests against the
 * emulators, and the end-to-end suite against the whole local system. Arguments go to Jest
 * (`npm test -- --selectProjects @kes/envelope`); with arguments the checks are skipped.
 */
const jestArgs = process.argv.slice(2);
const run = (title: string, tool: string, args: string[]) => {
  process.stdout.write(`\n▸ ${title}\n`);
  const result = spawnSync(tool, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (jestArgs.length === 0) {
  run('type check (tsc)', 'tsc', ['-p', 'tsconfig.json']);
  run('lint and format check (biome)', 'biome', ['check', '.']);
}
// Two workers: this machine class has two cores, and the integration suites each start emulators.
run('tests (jest)', 'jest', jestArgs.length > 0 ? jestArgs : ['--maxWorkers=2']);
