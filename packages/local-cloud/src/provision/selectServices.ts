import type { ComposeService } from './readCompose';

/** Which compose entries a local cloud runs, and which it leaves out by default (and why). */
export interface ServiceSelection {
  services: ComposeService[];
  /** Entries of a shared folder left out because nobody asked for them. */
  skipped: ComposeService[];
}

/**
 * The compose entries to run, in deploy order:
 * - `wanted` given: those and what they depend on — except a dependency on an entry of the same folder,
 *   which only orders compose's runs (one ingestion provider after another) and is not needed running;
 * - otherwise every entry, but of the entries sharing a folder (one ingestion deployment per provider)
 *   only the first unless `allEntries`: each is one more serverless-offline process (~210 MB), and they
 *   differ only by params.
 * Throws for an unknown name, listing the known ones.
 *
 * @example
 * selectServices(readCompose(rootDir), ['ingestion-initech'], false); // platform, ingestion-initech
 */
export const selectServices = (
  all: readonly ComposeService[],
  wanted: readonly string[] | undefined,
  allEntries: boolean,
): ServiceSelection => {
  if (!wanted) {
    if (allEntries) return { services: [...all], skipped: [] };
    const seen = new Set<string>();
    const services: ComposeService[] = [];
    const skipped: ComposeService[] = [];
    for (const service of all) {
      (seen.has(service.path) ? skipped : services).push(service);
      seen.add(service.path);
    }
    return { services, skipped };
  }
  const keep = new Set<string>();
  const byKey = (key: string) => {
    const service = all.find((candidate) => candidate.key === key);
    if (!service)
      throw new Error(
        `Unknown service "${key}" (serverless-compose.yml has ${all.map((s) => s.key).join(', ')})`,
      );
    return service;
  };
  const add = (service: ComposeService) => {
    if (keep.has(service.key)) return;
    keep.add(service.key);
    for (const key of service.dependsOn) {
      const dependency = byKey(key);
      if (dependency.path !== service.path) add(dependency);
    }
  };
  for (const key of wanted) add(byKey(key));
  return { services: all.filter((service) => keep.has(service.key)), skipped: [] };
};
