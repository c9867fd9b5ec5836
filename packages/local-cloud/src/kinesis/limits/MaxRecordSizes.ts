import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_MAX_RECORD_SIZE_KIB } from './KinesisLimits';

/**
 * Each stream's maximum record size (`MaxRecordSizeInKiB`: 1,024 KiB unless CreateStream or
 * UpdateMaxRecordSize raised it). kinesalite has no such setting, so the front keeps it — in a JSON file
 * next to kinesalite's data when the data lives on disk, so it survives a restart as the streams do.
 */
export class MaxRecordSizes {
  readonly #file: string | undefined;
  readonly #sizes: Map<string, number>;

  public constructor(file?: string) {
    this.#file = file;
    this.#sizes = new Map(file ? Object.entries(readSizes(file)) : []);
  }

  /** The stream's maximum record size in KiB. */
  public kib(streamName: string): number {
    return this.#sizes.get(streamName) ?? DEFAULT_MAX_RECORD_SIZE_KIB;
  }

  /** The stream's maximum data size of one record, in bytes. */
  public bytes(streamName: string): number {
    return this.kib(streamName) * 1024;
  }

  public set(streamName: string, kib: number): void {
    if (kib === DEFAULT_MAX_RECORD_SIZE_KIB) this.#sizes.delete(streamName);
    else this.#sizes.set(streamName, kib);
    this.#save();
  }

  public delete(streamName: string): void {
    if (this.#sizes.delete(streamName)) this.#save();
  }

  #save(): void {
    if (!this.#file) return;
    mkdirSync(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.#sizes), null, 2));
    renameSync(temporary, this.#file);
  }
}

const readSizes = (file: string): Record<string, number> => {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, number] => Number.isInteger(entry[1])),
    );
  } catch {
    return {};
  }
};
