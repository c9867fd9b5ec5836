import { MAX_REPORTED_FAILURES } from './constants';
import { type FailedRecord, FlushError, type KinesisWriterError } from './errors';

/**
 * The failures `flush` has not reported yet, in call order. Bounded: a caller that never flushes keeps
 * only the latest {@link MAX_REPORTED_FAILURES}, and the next `FlushError` counts the ones dropped.
 *
 * @example
 * const log = new FailureLog();
 * log.add(7, 'post-1', error);
 * log.throwIfAnyBefore(8); // throws FlushError listing record 7
 */
export class FailureLog {
  #entries: Array<FailedRecord & { id: number }> = [];
  #dropped = 0;

  public add(id: number, partitionKey: string, error: KinesisWriterError): void {
    this.#entries.push({ id, partitionKey, error });
    if (this.#entries.length > MAX_REPORTED_FAILURES) {
      this.#entries.shift();
      this.#dropped++;
    }
  }

  /** Throws {@link FlushError} with the unreported failures of records with an id below `cutoff`, and forgets them. */
  public throwIfAnyBefore(cutoff: number): void {
    const reported = this.#entries.filter((entry) => entry.id < cutoff).sort((a, b) => a.id - b.id);
    if (reported.length === 0 && this.#dropped === 0) return;
    this.#entries = this.#entries.filter((entry) => entry.id >= cutoff);
    const dropped = this.#dropped;
    this.#dropped = 0;
    throw new FlushError(
      reported.map(({ partitionKey, error }) => ({ partitionKey, error })),
      dropped,
    );
  }
}
