import { InvalidBatchError } from '../errors';
import type { BatchOutcome, DecodedBatchEvent } from '../types';
import { BatchTally } from './BatchTally';
import { groupByKey } from './groupByKey';
import { mapWithConcurrency } from './mapWithConcurrency';
import { processEachRecord, type RecordHandler } from './processEachRecord';
import { type KeyHandler, processKeyTogether } from './processKeyTogether';
import type { SettleRejectedContext } from './settleRejected';

/** Exactly one way of handling items: one at a time, or all of a key at once. */
export type ProcessingStrategy<TItem> = { handle: RecordHandler<TItem> } | { handleKey: KeyHandler<TItem> };

/** Options of {@link keyOrderedProcessor}. */
export interface KeyOrderedProcessorOptions<TItem> extends SettleRejectedContext {
  strategy: ProcessingStrategy<TItem>;
  /** Partition keys processed in parallel; records of one key are always sequential. */
  keyConcurrency: number;
}

/**
 * Builds the middy base handler: takes a decoded batch (see the decode middlewares), processes
 * partition keys concurrently (at most `keyConcurrency` at once) and each key's records strictly in
 * order, stops a key at its first failure, and returns the {@link BatchOutcome} that
 * `batchItemFailures` turns into the Lambda response. Handler errors never escape; only a framework
 * error does, and it fails the whole batch.
 *
 * @example
 * middy<KinesisStreamEvent>()
 *   .use(batchItemFailures())
 *   .use(decodeKinesisRecords({ registry }))
 *   .handler(keyOrderedProcessor({ strategy: { handle }, keyConcurrency: 8, consumer, deadLetter, unknownTypes: 'skip', logger, now: Date.now }));
 */
export const keyOrderedProcessor = <TRecord, TItem>(options: KeyOrderedProcessorOptions<TItem>) =>
  async function processKeyOrderedBatch(event: DecodedBatchEvent<TRecord, TItem>): Promise<BatchOutcome> {
    if (!Array.isArray(event?.decoded)) {
      throw new InvalidBatchError(
        'The event has no decoded records; use a decode middleware before this handler',
      );
    }
    const tally = new BatchTally(event.decoded.length);
    const { strategy } = options;
    await mapWithConcurrency(groupByKey(event.decoded), options.keyConcurrency, async ([key, records]) => {
      if ('handle' in strategy) await processEachRecord(records, strategy.handle, options, tally);
      else await processKeyTogether(key, records, strategy.handleKey, options, tally);
    });
    return tally.outcome();
  };
