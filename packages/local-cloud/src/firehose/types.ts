/** A record processor of the delivery stream's ProcessingConfiguration. */
export interface ProcessorDefinition {
  type: string;
  parameters: Record<string, string>;
}

/** An `AWS::KinesisFirehose::DeliveryStream` with a Kinesis source and an S3 destination, resolved. */
export interface DeliveryStreamDefinition {
  stackName: string;
  logicalId: string;
  deliveryStreamName: string;
  deliveryStreamArn: string;
  sourceStreamArn: string;
  bucketName: string;
  /** The `Prefix` as written, `!{...}` expressions unexpanded (see effectivePrefixes). */
  prefix?: string;
  errorOutputPrefix?: string;
  bufferingHints: { sizeInMBs: number; intervalInSeconds: number };
  compressionFormat: 'UNCOMPRESSED' | 'GZIP';
  /** The object name's extension; default `.gz` for GZIP, none otherwise (as Firehose). */
  fileExtension?: string;
  /** Applied in order when the processing configuration is enabled. */
  processors: ProcessorDefinition[];
}

/** A record read from the source stream, waiting in a delivery buffer. */
export interface BufferedRecord {
  shardId: string;
  sequenceNumber: string;
  partitionKey: string;
  data: Buffer;
  arrivalMs: number;
}
