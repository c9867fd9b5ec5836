import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { load } from 'js-yaml';

export interface ComposeService {
  key: string;
  /** The service folder relative to the root, normalised (`./services/x/` → `services/x`). */
  path: string;
  dependsOn: string[];
  /** The service's `params` in serverless-compose.yml, passed as `--param name=value`. */
  params: Record<string, string>;
}

/**
 * The services of `serverless-compose.yml`, in an order where each comes after what it depends on
 * (the order stacks must be deployed, and provisioned locally).
 */
export const readCompose = (rootDir: string): ComposeService[] => {
  const file = join(rootDir, 'serverless-compose.yml');
  const doc = load(readFileSync(file, 'utf8')) as {
    services?: Record<
      string,
      { path: string; dependsOn?: string | string[]; params?: Record<string, unknown> }
    >;
  };
  const services = Object.entries(doc.services ?? {}).map(([key, value]) => ({
    key,
    // Normalised: entries of one folder may spell it differently (osls compose refuses equal strings).
    path: normalize(value.path).replace(/[\\/]+$/, ''),
    dependsOn: [value.dependsOn ?? []].flat(),
    params: Object.fromEntries(
      Object.entries(value.params ?? {}).map(([name, param]) => [name, String(param)]),
    ),
  }));
  const ordered: ComposeService[] = [];
  const visiting = new Set<string>();
  const visit = (service: ComposeService) => {
    if (ordered.includes(service)) return;
    if (visiting.has(service.key))
      throw new Error(`serverless-compose.yml: dependency cycle at ${service.key}`);
    visiting.add(service.key);
    for (const dependency of service.dependsOn) {
      const found = services.find((candidate) => candidate.key === dependency);
      if (!found) throw new Error(`serverless-compose.yml: ${service.key} depends on unknown ${dependency}`);
      visit(found);
    }
    ordered.push(service);
  };
  for (const service of services) visit(service);
  return ordered;
};

/** `--param name=value` arguments for a compose service's params. */
export const paramArgs = (params: Record<string, string> = {}): string[] =>
  Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);
