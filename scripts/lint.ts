import { spawnSync } from 'node:child_process';

/** `npm run lint`: the type checker and the repository's one linter/formatter (Biome). */
const steps: Array<[string, string[]]> = [
  ['tsc', ['-p', 'tsconfig.json']],
  ['biome', ['check', '.']],
];

for (const [tool, args] of steps) {
  process.stdout.write(`▸ ${tool} ${args.join(' ')}\n`);
  const result = spawnSync(tool, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
