import { parseDeliveryStream } from '../../src/firehose/parseDeliveryStream';

const ctx = {
  stackName: 'kes-dev-lake',
  logicalId: 'ClapsDeliveryStream',
  name: 'kes-dev-lake-claps',
  region: 'us-east-1',
  accountId: '000000000000',
};
/** The lake's delivery stream as the provisioner resolves it from the packaged template. */
const lakeProps = (destination: Record<string, unknown> = {}) => ({
  DeliveryStreamName: 'kes-dev-lake-claps',
  DeliveryStreamType: 'KinesisStreamAsSource',
  KinesisStreamSourceConfiguration: {
    KinesisStreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/kes-dev-claps',
    RoleARN: 'arn:aws:iam::000000000000:role/x',
  },
  ExtendedS3DestinationConfiguration: {
    BucketARN: 'arn:aws:s3:::kes-dev-lake-bucket',
    Prefix: 'kes-dev-claps/!{timestamp:yyyy/MM/dd/HH}/',
    ErrorOutputPrefix: 'errors/kes-dev-claps/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
    BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 300 },
    CompressionFormat: 'GZIP',
    ProcessingConfiguration: {
      Enabled: true,
      Processors: [
        {
          Type: 'AppendDelimiterToRecord',
          Parameters: [{ ParameterName: 'Delimiter', ParameterValue: '\\n' }],
        },
      ],
    },
    ...destination,
  },
});

describe('parseDeliveryStream', () => {
  it('reads the source, bucket, prefixes, buffering hints, compression and processors', () => {
    expect(parseDeliveryStream(lakeProps(), ctx)).toEqual({
      stackName: 'kes-dev-lake',
      logicalId: 'ClapsDeliveryStream',
      deliveryStreamName: 'kes-dev-lake-claps',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/kes-dev-lake-claps',
      sourceStreamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/kes-dev-claps',
      bucketName: 'kes-dev-lake-bucket',
      prefix: 'kes-dev-claps/!{timestamp:yyyy/MM/dd/HH}/',
      errorOutputPrefix: 'errors/kes-dev-claps/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/',
      bufferingHints: { sizeInMBs: 64, intervalInSeconds: 300 },
      compressionFormat: 'GZIP',
      processors: [{ type: 'AppendDelimiterToRecord', parameters: { Delimiter: '\\n' } }],
    });
  });

  it("takes AWS's defaults: 5 MB, 300 s, uncompressed, no processing", () => {
    const definition = parseDeliveryStream(
      lakeProps({
        BufferingHints: undefined,
        CompressionFormat: undefined,
        ProcessingConfiguration: { Enabled: 'false', Processors: [{ Type: 'Lambda' }] },
      }),
      ctx,
    );
    expect(definition).toMatchObject({
      bufferingHints: { sizeInMBs: 5, intervalInSeconds: 300 },
      compressionFormat: 'UNCOMPRESSED',
      processors: [],
    });
  });

  it('accepts buffering hints that intrinsics resolved to strings, and refuses values AWS refuses', () => {
    expect(
      parseDeliveryStream(lakeProps({ BufferingHints: { SizeInMBs: '1', IntervalInSeconds: '60' } }), ctx)
        .bufferingHints,
    ).toEqual({ sizeInMBs: 1, intervalInSeconds: 60 });
    expect(() => parseDeliveryStream(lakeProps({ BufferingHints: { SizeInMBs: 129 } }), ctx)).toThrow(
      /SizeInMBs/,
    );
  });

  it('says what it does not emulate instead of delivering differently from AWS', () => {
    expect(() => parseDeliveryStream({ ...lakeProps(), DeliveryStreamType: 'DirectPut' }, ctx)).toThrow(
      /DirectPut/,
    );
    expect(() => parseDeliveryStream(lakeProps({ CompressionFormat: 'Snappy' }), ctx)).toThrow(/Snappy/);
    expect(() => parseDeliveryStream(lakeProps({ CustomTimeZone: 'Asia/Tokyo' }), ctx)).toThrow(
      /Asia\/Tokyo/,
    );
    expect(() =>
      parseDeliveryStream(lakeProps({ DynamicPartitioningConfiguration: { Enabled: true } }), ctx),
    ).toThrow(/dynamic partitioning/);
  });
});
