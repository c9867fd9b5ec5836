import { KeyProcessingError } from '../errors';
import type { DecodedRecord, HandleKeyResult } from '../types';
import type { BatchTally } from './BatchTally';
import { type SettleRejectedContext, settleRejected } from './settleRejected';

/** Handles all decoded items of one partition key at once, in order (e.g. to coalesce them). */
export type KeyHandler<TItem> = (items: TItem[], key: string) => Promise<HandleKeyResult> | HandleKeyResult;

type Decoded<TItem> = Extract<DecodedRecord<TItem>, { status: 'decoded' }>;

/** Which item a `handleKey` error blames: the one a KeyProcessingError names, else the first (safest). */
const failedPosition = (error: unknown, count: number): number =>
  error instanceof KeyProcessingError &&
  Number.isInteger(error.index) &&
  error.index >= 0 &&
  error.index < count
    ? error.index
    : 0;

/**
 * Processes one key's records with a single `handleKey` call. Rejected records are dead-lettered
 * first, in order: they never reach the handler, and a failed write marks where the key must stop, so
 * only the items before it are handed over. Exactly one record per key is reported: the earliest one
 * that failed.
 */
export const processKeyTogether = async <TItem>(
  key: string,
  records: readonly DecodedRecord<TItem>[],
  handleKey: KeyHandler<TItem>,
  context: SettleRejectedContext,
  tally: BatchTally,
): Promise<void> => {
  let stop: { position: number; error: unknown } | undefined;
  for (const [position, record] of records.entries()) {
    if (record.status === 'decoded') continue;
    const result = await settleRejected(record, context);
    if (typeof result === 'object') {
      stop = { position, error: result.error };
      break;
    }
    tally.settle(result);
  }
  const cutoff = stop?.position ?? records.length;
  const items = records
    .slice(0, cutoff)
    .filter((record): record is Decoded<TItem> => record.status === 'decoded');
  const afterCutoff = records.length - cutoff;

  if (items.length > 0) {
    try {
      const result = await handleKey(
        items.map((record) => record.item),
        key,
      );
      // A count outside 0..items is a handler bug; clamping keeps the totals adding up to the batch.
      const skipped = Math.min(items.length, Math.max(0, Math.trunc(Number(result?.skipped ?? 0)) || 0));
      tally.settle('processed', items.length - skipped);
      tally.settle('skipped', skipped);
    } catch (error) {
      const position = failedPosition(error, items.length);
      const failed = items[position] as Decoded<TItem>;
      context.logger.error('handleKey failed; the key stops here and Lambda redelivers from this record', {
        consumer: context.consumer,
        partitionKey: key,
        sequenceNumber: failed.meta.sequenceNumber,
        error,
      });
      tally.settle('processed', position);
      tally.fail(failed, error);
      // The failed dead-letter write (if any) is not reported: an earlier record of the key already is.
      tally.skipAfterFailure(items.length - position - 1 + afterCutoff);
      return;
    }
  }
  if (stop) {
    const stopped = records[stop.position] as DecodedRecord<TItem>;
    tally.fail(stopped, stop.error);
    tally.skipAfterFailure(afterCutoff - 1);
  }
};
