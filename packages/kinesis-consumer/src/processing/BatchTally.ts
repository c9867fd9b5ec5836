import type { BatchOutcome, DecodedRecord, RecordFailure } from '../types';

/** How one record ended, when it did not fail. */
export type Settled = 'processed' | 'skipped' | 'dead-lettered';

/**
 * Counts what happened to each record of a batch while keys are processed concurrently, and produces
 * the {@link BatchOutcome}. Failures are kept with their batch position so the outcome lists them in
 * batch order whatever order the keys finished in.
 */
export class BatchTally {
  readonly #counts = { processed: 0, skipped: 0, deadLettered: 0, notAttempted: 0 };
  readonly #failures: (RecordFailure & { index: number })[] = [];

  public constructor(private readonly batchSize: number) {}

  /** Counts `count` records as ended the way `settled` says. */
  public settle(settled: Settled, count = 1): void {
    const field = settled === 'dead-lettered' ? 'deadLettered' : settled;
    this.#counts[field] += count;
  }

  /** Records the failure that stops its key. */
  public fail(record: DecodedRecord<unknown>, error: unknown): void {
    this.#failures.push({
      index: record.index,
      itemIdentifier: record.meta.sequenceNumber,
      partitionKey: record.meta.partitionKey,
      error,
    });
  }

  /** Counts records left behind a failure in their key; Lambda redelivers them. */
  public skipAfterFailure(count: number): void {
    this.#counts.notAttempted += count;
  }

  public outcome(): BatchOutcome {
    const failures = [...this.#failures]
      .sort((a, b) => a.index - b.index)
      .map(({ itemIdentifier, partitionKey, error }) => ({ itemIdentifier, partitionKey, error }));
    return { batchSize: this.batchSize, ...this.#counts, failed: failures.length, failures };
  }
}
