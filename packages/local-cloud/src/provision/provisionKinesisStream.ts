import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  IncreaseStreamRetentionPeriodCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { generatedName } from './physicalNames';
import type { PhysicalResource } from './types';

export interface StreamProvisioningContext {
  kinesis: KinesisClient;
  stackName: string;
  logicalId: string;
  region: string;
  accountId: string;
  notice: (message: string) => void;
}

/** On-demand streams start with 4 shards on AWS. */
const ON_DEMAND_INITIAL_SHARDS = 4;

/**
 * Creates (or finds, after a restart) the stream an `AWS::Kinesis::Stream` declares. Encryption is
 * accepted and not emulated; a changed shard count is reported, not applied.
 */
export const provisionKinesisStream = async (
  props: Record<string, unknown>,
  ctx: StreamProvisioningContext,
): Promise<PhysicalResource> => {
  const name = (props.Name as string | undefined) ?? generatedName(ctx.stackName, ctx.logicalId);
  const onDemand =
    (props.StreamModeDetails as { StreamMode?: string } | undefined)?.StreamMode === 'ON_DEMAND';
  const shardCount = onDemand ? ON_DEMAND_INITIAL_SHARDS : Number(props.ShardCount ?? 1);
  try {
    await ctx.kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shardCount }));
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  let summary = (await ctx.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name })))
    .StreamDescriptionSummary;
  while (summary?.StreamStatus !== 'ACTIVE') {
    await sleep(50);
    summary = (await ctx.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: name })))
      .StreamDescriptionSummary;
  }
  if (summary.OpenShardCount !== shardCount) {
    ctx.notice(
      `stream ${name} has ${summary.OpenShardCount} open shards locally; the template asks for ${shardCount} (restart with --fresh to recreate it)`,
    );
  }
  const retention = Number(props.RetentionPeriodHours ?? 24);
  if (retention > (summary.RetentionPeriodHours ?? 24)) {
    await ctx.kinesis.send(
      new IncreaseStreamRetentionPeriodCommand({ StreamName: name, RetentionPeriodHours: retention }),
    );
  }
  return {
    ref: name,
    attributes: { Arn: `arn:aws:kinesis:${ctx.region}:${ctx.accountId}:stream/${name}` },
  };
};
