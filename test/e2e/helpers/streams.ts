import { type _Record, type KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { readWholeStream } from '@kes/local-cloud';

/** Every record of a stream, shard by shard, from the trim horizon to now (reads share the shards' limits). */
export const readStream = (kinesis: KinesisClient, streamName: string): Promise<_Record[]> =>
  readWholeStream(kinesis, streamName);

export const putRaw = (kinesis: KinesisClient, streamName: string, partitionKey: string, data: Uint8Array) =>
  kinesis.send(new PutRecordCommand({ StreamName: streamName, PartitionKey: partitionKey, Data: data }));
