import { DescribeStreamCommand, type DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { DescribeStreamSummaryCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../provision/types';
import type { SourceKind } from './validateMappingRequest';

/**
 * Whether a mapping's stream exists, asked of the emulators as Lambda asks Kinesis or DynamoDB Streams
 * when a mapping is created. Only ResourceNotFoundException means "no"; any other error is thrown.
 */
export const eventSourceExists =
  (clients: { kinesis: KinesisClient; dynamodbStreams: DynamoDBStreamsClient }) =>
  async (arn: string, kind: SourceKind): Promise<boolean> => {
    // DynamoDB Local names its streams' region "ddblocal" whatever the client's region is.
    const region = kind === 'dynamodb' && arn.includes(':ddblocal:') ? 'ddblocal' : LOCAL_REGION;
    if (!arn.includes(`:${region}:${LOCAL_ACCOUNT_ID}:`)) return false;
    try {
      if (kind === 'kinesis') {
        // By name: kinesalite predates the StreamARN parameter.
        const streamName = arn.slice(arn.indexOf(':stream/') + ':stream/'.length);
        await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streamName }));
      } else {
        await clients.dynamodbStreams.send(new DescribeStreamCommand({ StreamArn: arn, Limit: 1 }));
      }
      return true;
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') return false;
      throw error;
    }
  };
