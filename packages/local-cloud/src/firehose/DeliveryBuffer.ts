import type { BufferedRecord } from './types';

const MIB = 1024 * 1024;

/**
 * What Firehose holds between two deliveries, and when it must deliver: once the records reach
 * `SizeInMBs` (counted before compression), or `IntervalInSeconds` after the first record entered the
 * buffer, whichever comes first. Pure: the caller reads the clock and owns the timer.
 */
export class DeliveryBuffer {
  readonly #maxBytes: number;
  readonly #intervalMs: number;
  #records: BufferedRecord[] = [];
  #bytes = 0;
  #openedAtMs: number | undefined;

  public constructor(hints: { sizeInMBs: number; intervalMs: number }) {
    this.#maxBytes = hints.sizeInMBs * MIB;
    this.#intervalMs = hints.intervalMs;
  }

  public get size(): number {
    return this.#records.length;
  }

  public get bytes(): number {
    return this.#bytes;
  }

  public add(record: BufferedRecord, nowMs: number): void {
    this.#openedAtMs ??= nowMs;
    this.#records.push(record);
    this.#bytes += record.data.length;
  }

  /** The buffer is full: deliver now, and read no more until it is delivered. */
  public get full(): boolean {
    return this.#bytes >= this.#maxBytes;
  }

  /** When the interval makes the buffer due, or undefined while it is empty. */
  public dueAtMs(): number | undefined {
    return this.#openedAtMs === undefined ? undefined : this.#openedAtMs + this.#intervalMs;
  }

  public shouldDeliver(nowMs: number): boolean {
    const due = this.dueAtMs();
    return this.full || (due !== undefined && nowMs >= due);
  }

  /** Hands over everything buffered and starts an empty buffer. */
  public take(): BufferedRecord[] {
    const records = this.#records;
    this.#records = [];
    this.#bytes = 0;
    this.#openedAtMs = undefined;
    return records;
  }
}
