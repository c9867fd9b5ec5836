import { z } from 'zod';
import { ProvisioningError } from '../provision/errors';
import type { DeliveryStreamDefinition } from './types';

const enabled = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);
const processorSchema = z.object({
  Type: z.string(),
  Parameters: z.array(z.object({ ParameterName: z.string(), ParameterValue: z.string() })).optional(),
});
const destinationSchema = z.object({
  BucketARN: z.string().startsWith('arn:aws:s3:::'),
  Prefix: z.string().optional(),
  ErrorOutputPrefix: z.string().optional(),
  BufferingHints: z
    .object({
      SizeInMBs: z.coerce.number().int().min(1).max(128).optional(),
      IntervalInSeconds: z.coerce.number().int().min(0).max(900).optional(),
    })
    .optional(),
  CompressionFormat: z.enum(['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY']).optional(),
  FileExtension: z.string().optional(),
  CustomTimeZone: z.string().optional(),
  ProcessingConfiguration: z
    .object({ Enabled: enabled.optional(), Processors: z.array(processorSchema).optional() })
    .optional(),
  DynamicPartitioningConfiguration: z.object({ Enabled: enabled.optional() }).optional(),
  DataFormatConversionConfiguration: z.object({ Enabled: enabled.optional() }).optional(),
});
const propsSchema = z.object({
  DeliveryStreamName: z.string().optional(),
  DeliveryStreamType: z.string().optional(),
  KinesisStreamSourceConfiguration: z
    .object({ KinesisStreamARN: z.string(), RoleARN: z.string().optional() })
    .optional(),
  ExtendedS3DestinationConfiguration: destinationSchema.optional(),
  S3DestinationConfiguration: destinationSchema.optional(),
});

const unsupported = (where: string, what: string) =>
  new ProvisioningError('UNSUPPORTED_DELIVERY_STREAM', `${where}: ${what} is not emulated locally`);

/**
 * The emulated part of an `AWS::KinesisFirehose::DeliveryStream` (properties resolved): a Kinesis source,
 * an S3 destination, UTC prefixes, GZIP or no compression. Anything else throws a ProvisioningError naming
 * it, so that a template the emulator would deliver differently from AWS is said so, not half-run.
 */
export const parseDeliveryStream = (
  props: Record<string, unknown>,
  ctx: { stackName: string; logicalId: string; name: string; region: string; accountId: string },
): DeliveryStreamDefinition => {
  const where = `${ctx.stackName}.${ctx.logicalId}`;
  const parsed = propsSchema.safeParse(props);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProvisioningError(
      'INVALID_DELIVERY_STREAM',
      `${where}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const p = parsed.data;
  if (p.DeliveryStreamType !== 'KinesisStreamAsSource' || !p.KinesisStreamSourceConfiguration)
    throw unsupported(
      where,
      `DeliveryStreamType ${p.DeliveryStreamType ?? 'DirectPut'} (only KinesisStreamAsSource)`,
    );
  const destination = p.ExtendedS3DestinationConfiguration ?? p.S3DestinationConfiguration;
  if (!destination) throw unsupported(where, 'a destination other than S3');
  const compression = destination.CompressionFormat ?? 'UNCOMPRESSED';
  if (compression !== 'UNCOMPRESSED' && compression !== 'GZIP')
    throw unsupported(where, `CompressionFormat ${compression}`);
  if (destination.CustomTimeZone && destination.CustomTimeZone !== 'UTC')
    throw unsupported(where, `CustomTimeZone ${destination.CustomTimeZone}`);
  if (destination.DynamicPartitioningConfiguration?.Enabled) throw unsupported(where, 'dynamic partitioning');
  if (destination.DataFormatConversionConfiguration?.Enabled)
    throw unsupported(where, 'data format conversion');
  const processing = destination.ProcessingConfiguration;
  return {
    stackName: ctx.stackName,
    logicalId: ctx.logicalId,
    deliveryStreamName: ctx.name,
    deliveryStreamArn: `arn:aws:firehose:${ctx.region}:${ctx.accountId}:deliverystream/${ctx.name}`,
    sourceStreamArn: p.KinesisStreamSourceConfiguration.KinesisStreamARN,
    bucketName: destination.BucketARN.slice('arn:aws:s3:::'.length),
    ...(destination.Prefix !== undefined ? { prefix: destination.Prefix } : {}),
    ...(destination.ErrorOutputPrefix !== undefined
      ? { errorOutputPrefix: destination.ErrorOutputPrefix }
      : {}),
    bufferingHints: {
      sizeInMBs: destination.BufferingHints?.SizeInMBs ?? 5,
      intervalInSeconds: destination.BufferingHints?.IntervalInSeconds ?? 300,
    },
    compressionFormat: compression,
    ...(destination.FileExtension !== undefined ? { fileExtension: destination.FileExtension } : {}),
    processors:
      processing?.Enabled === true
        ? (processing.Processors ?? []).map((processor) => ({
            type: processor.Type,
            parameters: Object.fromEntries(
              (processor.Parameters ?? []).map((parameter) => [
                parameter.ParameterName,
                parameter.ParameterValue,
              ]),
            ),
          }))
        : [],
  };
};
