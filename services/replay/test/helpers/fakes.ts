import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Envelope } from '@kes/envelope';
import type { JobProgress, ReplayJobItem, ReplaySource, ReplaySpec, SourcePosition } from '../../src';

/** A job store in memory that records every checkpoint. */
export const fakeJobs = (spec: ReplaySpec, start: Partial<ReplayJobItem> = {}) => {
  const job: ReplayJobItem = {
    jobId: 'job-1',
    spec,
    target: 'replay',
    status: 'pending',
    progress: { scanned: 0, sent: 0, bytes: 0 },
    createdAt: 'now',
    updatedAt: 'now',
    attempts: 0,
    ...start,
  };
  const checkpoints: { position: SourcePosition; progress: JobProgress }[] = [];
  return {
    job,
    checkpoints,
    claim: async () => {
      job.status = 'running';
      job.attempts++;
      return structuredClone(job);
    },
    checkpoint: async (
      _: string,
      __: string,
      update: { position: SourcePosition; progress: JobProgress },
    ) => {
      checkpoints.push(structuredClone(update));
      job.position = update.position;
      job.progress = update.progress;
    },
    finish: async (_: string, __: string, outcome: { status: 'succeeded' | 'failed' }) => {
      job.status = outcome.status;
    },
    get: async () => structuredClone(job),
  };
};

/** A Kinesis client with one shard that records the partition key and data of every PutRecord. */
export const fakeKinesis = (options: { failAfter?: number } = {}) => {
  const puts: { key: string; data: string }[] = [];
  let sequence = 0;
  const client = {
    send: async (command: { input: Record<string, unknown>; constructor: { name: string } }) => {
      if (command.constructor.name === 'ListShardsCommand')
        return {
          Shards: [
            {
              ShardId: 'shardId-0',
              HashKeyRange: { StartingHashKey: '0', EndingHashKey: String(2n ** 128n - 1n) },
            },
          ],
        };
      if (options.failAfter !== undefined && puts.length >= options.failAfter)
        throw Object.assign(new Error('denied'), { name: 'AccessDeniedException' });
      puts.push({
        key: String(command.input.PartitionKey),
        data: Buffer.from(command.input.Data as Uint8Array).toString('utf8'),
      });
      return { SequenceNumber: String(++sequence).padStart(20, '0'), ShardId: 'shardId-0' };
    },
  } as unknown as KinesisClient;
  return { client, puts };
};

/** A source over a list of events, positioned by index. */
export const listSource = (events: Envelope[]): ReplaySource => ({
  async *read(position) {
    const start = position ? Number(position.index) + 1 : 0;
    for (let index = start; index < events.length; index++)
      yield { event: events[index] as Envelope, position: { index } };
  },
});
