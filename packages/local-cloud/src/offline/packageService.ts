import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runServerless } from './runServerless';

export interface PackageServiceOptions {
  rootDir: string;
  serviceDir: string;
  stage: string;
  /** Where `serverless package` writes the template (not the service's own .serverless/). */
  outputDir: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Extra CLI arguments (the compose service's `--param`s). */
  extraArgs?: string[];
}

/** Files that shape a service's CloudFormation template (configuration, not handler code). */
const templateInputs = (rootDir: string, serviceDir: string): string[] => {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(entry) || entry === 'package.json') found.push(path);
    }
  };
  walk(serviceDir);
  found.push(
    join(rootDir, 'serverless.common.yml'),
    join(rootDir, 'packages', 'serverless-baseline', 'index.cjs'),
    join(rootDir, 'packages', 'esm-mapper', 'serverless-plugin.cjs'),
    join(rootDir, 'pnpm-lock.yaml'),
  );
  return found.sort();
};

/**
 * Runs `serverless package` for a service into `outputDir`, unless the template's inputs (its YAML, the
 * shared settings, the baseline plugin, the lockfile) are unchanged since the last run: the template does
 * not depend on handler code, and serverless-offline bundles the code itself. Returns whether it packaged.
 */
export const packageService = async (options: PackageServiceOptions): Promise<boolean> => {
  const hash = createHash('sha256')
    .update(options.stage)
    .update(JSON.stringify(options.extraArgs ?? []));
  for (const file of templateInputs(options.rootDir, options.serviceDir)) {
    hash.update(relative(options.rootDir, file)).update(readFileSync(file));
  }
  const digest = hash.digest('hex');
  const stamp = join(options.outputDir, '.kes-inputs');
  const template = join(options.outputDir, 'cloudformation-template-update-stack.json');
  if (existsSync(template) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return false;
  await runServerless({
    rootDir: options.rootDir,
    serviceDir: options.serviceDir,
    args: ['package', '--stage', options.stage, '--package', options.outputDir, ...(options.extraArgs ?? [])],
    env: options.env,
    logFile: options.logFile,
  });
  writeFileSync(stamp, digest);
  return true;
};
