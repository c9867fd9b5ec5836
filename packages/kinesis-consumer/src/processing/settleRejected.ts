import { DEAD_LETTER_FORMAT_VERSION } from '../constants';
import type { Clock, ConsumerLogger, DeadLetterDestination, DecodedRecord } from '../types';
import type { Settled } from './BatchTally';

/** What {@link settleRejected} needs from the consumer's options. */
export interface SettleRejectedContext {
  consumer: string;
  deadLetter: DeadLetterDestination;
  unknownTypes: 'skip' | 'dead-letter';
  logger: ConsumerLogger;
  now: Clock;
}

/** A record that could not be settled; the error says why. */
export interface Unsettled {
  error: unknown;
}

type Rejected<TItem> = Exclude<DecodedRecord<TItem>, { status: 'decoded' }>;

/**
 * Ends a record the handler will never see: skips an unknown type (when configured) or writes the
 * dead letter. A failed write is returned, not thrown, so the caller reports the record and stops its
 * key; the record then comes again and the write is retried.
 */
export const settleRejected = async <TItem>(
  record: Rejected<TItem>,
  context: SettleRejectedContext,
): Promise<Settled | Unsettled> => {
  const where = {
    consumer: context.consumer,
    partitionKey: record.meta.partitionKey,
    sequenceNumber: record.meta.sequenceNumber,
    reason: record.reason,
  };
  if (record.status === 'unknown-type' && context.unknownTypes === 'skip') {
    context.logger.debug('Skipped an event of a type this consumer does not know', where);
    return 'skipped';
  }
  try {
    await context.deadLetter.send({
      formatVersion: DEAD_LETTER_FORMAT_VERSION,
      consumer: context.consumer,
      deadLetteredAt: new Date(context.now()).toISOString(),
      reason: record.reason,
      record: record.raw,
    });
  } catch (error) {
    context.logger.error('Could not write a dead letter; the record is reported as failed', {
      ...where,
      error,
    });
    return { error };
  }
  context.logger.warn('Dead-lettered a record the consumer cannot use', where);
  return 'dead-lettered';
};
