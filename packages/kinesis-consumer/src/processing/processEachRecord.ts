import type { DecodedRecord, HandleResult } from '../types';
import type { BatchTally, Settled } from './BatchTally';
import { type SettleRejectedContext, settleRejected, type Unsettled } from './settleRejected';

/** Handles one decoded item; may return `'skipped'`/`'stale'` to count it as skipped. */
export type RecordHandler<TItem> = (item: TItem) => Promise<HandleResult> | HandleResult;

const runHandler = async <TItem>(handle: RecordHandler<TItem>, item: TItem): Promise<Settled | Unsettled> => {
  try {
    const result = await handle(item);
    return result === 'skipped' || result === 'stale' ? 'skipped' : 'processed';
  } catch (error) {
    return { error };
  }
};

/**
 * Processes one key's records strictly one after another. The first failure stops the key: it is
 * recorded, the records after it are left for Lambda to redeliver, and nothing later in the key runs,
 * so a handler never sees version n+1 of an entity before version n succeeded.
 */
export const processEachRecord = async <TItem>(
  records: readonly DecodedRecord<TItem>[],
  handle: RecordHandler<TItem>,
  context: SettleRejectedContext,
  tally: BatchTally,
): Promise<void> => {
  for (const [position, record] of records.entries()) {
    const result =
      record.status === 'decoded'
        ? await runHandler(handle, record.item)
        : await settleRejected(record, context);
    if (typeof result === 'object') {
      const notAttempted = records.length - position - 1;
      if (record.status === 'decoded') {
        context.logger.error('Record failed; its key stops here and Lambda redelivers from it', {
          consumer: context.consumer,
          partitionKey: record.meta.partitionKey,
          sequenceNumber: record.meta.sequenceNumber,
          notAttempted,
          error: result.error,
        });
      }
      tally.fail(record, result.error);
      tally.skipAfterFailure(notAttempted);
      return;
    }
    tally.settle(result);
  }
};
