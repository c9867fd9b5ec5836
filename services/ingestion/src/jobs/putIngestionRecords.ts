import { type KinesisClient, PutRecordsCommand, type PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import { isRetryableError } from '@kes/kinesis-writer';
import { IngestionError } from '../errors';

/** One record id for the ventilator, as it goes on the provider's stream. */
export interface IngestionRecord {
  recordId: string;
  day: string;
  jobId: string;
}

const MAX_PER_CALL = 500;
const MAX_ROUNDS = 8;

const pause = (round: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 50 * 2 ** round) * (0.5 + Math.random() / 2)));

/**
 * Puts record ids on the stream with PutRecords (500 a call, partition key = record id: ids spread over
 * the shards and no order is needed — each id is fetched on its own), retrying the entries Kinesis
 * refused (throttling) with backoff. Throws `EnqueueFailed` when entries are still refused after 8 rounds,
 * so the caller does not move its cursor past them.
 *
 * @example
 * await putIngestionRecords(kinesis, 'kes-dev-ingestion-acme', [{ recordId: 'r-1', day: '2026-11-22', jobId: 'daily-2026-11-22' }]);
 */
export const putIngestionRecords = async (
  kinesis: Pick<KinesisClient, 'send'>,
  streamName: string,
  records: readonly IngestionRecord[],
  sleep: (round: number) => Promise<unknown> = pause,
): Promise<void> => {
  for (let start = 0; start < records.length; start += MAX_PER_CALL) {
    let pending = records.slice(start, start + MAX_PER_CALL);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS)
        throw new IngestionError(
          'EnqueueFailed',
          `${pending.length} records refused by ${streamName} after ${round} rounds`,
        );
      if (round > 0) await sleep(round);
      let answer: PutRecordsCommandOutput;
      try {
        answer = await kinesis.send(
          new PutRecordsCommand({
            StreamName: streamName,
            Records: pending.map((record) => ({
              PartitionKey: record.recordId,
              Data: Buffer.from(JSON.stringify(record)),
            })),
          }),
        );
      } catch (error) {
        if (!isRetryableError(error)) throw error;
        continue;
      }
      const refused = pending.filter((_, index) => answer.Records?.[index]?.ErrorCode);
      pending = refused;
    }
  }
};
