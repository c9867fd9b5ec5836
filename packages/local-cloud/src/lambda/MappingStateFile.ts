import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MappingDefinition } from '../provision/definitions';

/** A mapping created through the API, as kept across restarts. */
export interface PersistedMapping {
  definition: MappingDefinition;
  functionArn: string;
  lastModifiedMs: number;
}

/**
 * The mappings created through the Lambda API (`<dataDir>/state/api-mappings.json`), written atomically
 * (a temporary file renamed over the old one), so a crash leaves the previous or the new list, never half.
 */
export class MappingStateFile {
  readonly #file: string;

  public constructor(file: string) {
    this.#file = file;
  }

  public load(): PersistedMapping[] {
    if (!existsSync(this.#file)) return [];
    const parsed = JSON.parse(readFileSync(this.#file, 'utf8')) as { mappings?: PersistedMapping[] };
    return parsed.mappings ?? [];
  }

  public save(mappings: PersistedMapping[]): void {
    mkdirSync(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ mappings }, null, 2));
    renameSync(temporary, this.#file);
  }
}
