import { LambdaApiError } from '../../src/lambda/errors';
import {
  sourceKindOf,
  validateCreateRequest,
  validateUpdateRequest,
} from '../../src/lambda/validateMappingRequest';

const STREAM = 'arn:aws:kinesis:us-east-1:000000000000:stream/kes-local-posts';
const TABLE_STREAM =
  'arn:aws:dynamodb:us-east-1:000000000000:table/kes-local-claps/stream/2026-01-01T00:00:00.000';

const create = (fields: Record<string, unknown> = {}) =>
  validateCreateRequest({
    FunctionName: 'consumer',
    EventSourceArn: STREAM,
    StartingPosition: 'LATEST',
    ...fields,
  });

/** The InvalidParameterValueException message `run` throws. */
const rejection = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LambdaApiError);
    expect((error as LambdaApiError).code).toBe('InvalidParameterValueException');
    expect((error as LambdaApiError).status).toBe(400);
    return (error as LambdaApiError).message;
  }
  throw new Error('expected an InvalidParameterValueException');
};

describe('validateCreateRequest', () => {
  it("fills in AWS's defaults for a stream mapping", () => {
    expect(create()).toEqual({
      functionName: 'consumer',
      eventSourceArn: STREAM,
      kind: 'kinesis',
      settings: {
        enabled: true,
        batchSize: 100,
        maximumBatchingWindowInSeconds: 0,
        parallelizationFactor: 1,
        maximumRecordAgeInSeconds: -1,
        maximumRetryAttempts: -1,
        tumblingWindowInSeconds: 0,
        bisectBatchOnFunctionError: false,
        functionResponseTypes: [],
        startingPosition: 'LATEST',
      },
    });
  });

  it('keeps every setting given', () => {
    const { settings } = create({
      Enabled: false,
      BatchSize: 10_000,
      MaximumBatchingWindowInSeconds: 300,
      ParallelizationFactor: 10,
      MaximumRecordAgeInSeconds: 60,
      MaximumRetryAttempts: 10_000,
      TumblingWindowInSeconds: 900,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: '{"data":{"type":["PostPublished"]}}' }] },
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:000000000000:dlq' } },
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: 1_700_000_000,
    });
    expect(settings).toEqual({
      enabled: false,
      batchSize: 10_000,
      maximumBatchingWindowInSeconds: 300,
      parallelizationFactor: 10,
      maximumRecordAgeInSeconds: 60,
      maximumRetryAttempts: 10_000,
      tumblingWindowInSeconds: 900,
      bisectBatchOnFunctionError: true,
      functionResponseTypes: ['ReportBatchItemFailures'],
      filterPatterns: ['{"data":{"type":["PostPublished"]}}'],
      onFailureDestinationArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
      startingPosition: 'AT_TIMESTAMP',
      startingPositionTimestamp: 1_700_000_000,
    });
  });

  it.each([
    [
      'BatchSize',
      0,
      "Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      'BatchSize',
      10_001,
      "Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000",
    ],
    [
      'MaximumBatchingWindowInSeconds',
      301,
      "at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300",
    ],
    ['MaximumBatchingWindowInSeconds', -1, 'greater than or equal to 0'],
    [
      'ParallelizationFactor',
      0,
      "at 'parallelizationFactor' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    ['ParallelizationFactor', 11, 'less than or equal to 10'],
    ['MaximumRecordAgeInSeconds', -2, 'greater than or equal to -1'],
    ['MaximumRecordAgeInSeconds', 604_801, 'less than or equal to 604800'],
    [
      'MaximumRecordAgeInSeconds',
      59,
      'MaximumRecordAgeInSeconds must be -1 (records never expire) or between 60 and 604800, got 59',
    ],
    ['MaximumRecordAgeInSeconds', 0, 'between 60 and 604800, got 0'],
    ['MaximumRetryAttempts', -2, 'greater than or equal to -1'],
    ['MaximumRetryAttempts', 10_001, 'less than or equal to 10000'],
    [
      'TumblingWindowInSeconds',
      901,
      "at 'tumblingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 900",
    ],
    ['BatchSize', 1.5, 'BatchSize must be an integer, got 1.5'],
    ['BatchSize', '10', 'BatchSize must be an integer, got "10"'],
    ['Enabled', 'yes', 'Enabled must be a boolean, got "yes"'],
  ])('rejects %s = %p', (field, value, message) => {
    expect(rejection(() => create({ [field]: value }))).toContain(message);
  });

  it('accepts the bounds of every range', () => {
    for (const [field, value] of [
      ['BatchSize', 1],
      ['MaximumRecordAgeInSeconds', -1],
      ['MaximumRecordAgeInSeconds', 604_800],
      ['MaximumRetryAttempts', 0],
      ['TumblingWindowInSeconds', 0],
      ['ParallelizationFactor', 1],
    ] as const) {
      expect(() => create({ [field]: value })).not.toThrow();
    }
  });

  it('requires a starting position for a stream, from the enum', () => {
    expect(rejection(() => create({ StartingPosition: undefined }))).toBe(
      "1 validation error detected: Value null at 'startingPosition' failed to satisfy constraint: Member must not be null",
    );
    expect(rejection(() => create({ StartingPosition: 'EARLIEST' }))).toBe(
      "1 validation error detected: Value 'EARLIEST' at 'startingPosition' failed to satisfy constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]",
    );
  });

  it('requires a timestamp with AT_TIMESTAMP, and only with it', () => {
    expect(rejection(() => create({ StartingPosition: 'AT_TIMESTAMP' }))).toContain(
      'StartingPositionTimestamp is required',
    );
    expect(rejection(() => create({ StartingPositionTimestamp: 1_700_000_000 }))).toContain(
      'only be given with StartingPosition AT_TIMESTAMP',
    );
  });

  it('applies the DynamoDB Streams limits: no AT_TIMESTAMP, at most 1,000 records a batch', () => {
    const dynamo = (fields: Record<string, unknown>) => create({ EventSourceArn: TABLE_STREAM, ...fields });
    expect(rejection(() => dynamo({ StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1 }))).toBe(
      `Unsupported starting position for arn type: ${TABLE_STREAM}`,
    );
    expect(rejection(() => dynamo({ BatchSize: 1_001 }))).toContain(
      'between 1 and 1000 for DynamoDB streams',
    );
    expect(dynamo({ BatchSize: 1_000 }).kind).toBe('dynamodb');
  });

  it('requires a function name and a stream ARN the local engine can poll', () => {
    expect(rejection(() => create({ FunctionName: undefined }))).toBe(
      "1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null",
    );
    expect(rejection(() => create({ EventSourceArn: 'arn:aws:sqs:us-east-1:000000000000:queue' }))).toContain(
      'Unsupported event source arn:aws:sqs:us-east-1:000000000000:queue',
    );
  });

  it('rejects unknown response types, invalid filters and destinations that streams cannot use', () => {
    expect(rejection(() => create({ FunctionResponseTypes: ['Everything'] }))).toContain(
      'Member must satisfy enum value set: [ReportBatchItemFailures]',
    );
    expect(rejection(() => create({ FilterCriteria: { Filters: [{ Pattern: '{not json' }] } }))).toContain(
      'Invalid filter pattern definition.',
    );
    expect(rejection(() => create({ FilterCriteria: { Filters: [{ Pattern: '{"data":"x"}' }] } }))).toContain(
      'Invalid filter pattern definition.',
    );
    expect(
      rejection(() =>
        create({ DestinationConfig: { OnSuccess: { Destination: 'arn:aws:sqs:us-east-1:0:q' } } }),
      ),
    ).toBe('Unsupported DestinationConfig parameter for given event source mapping type.');
    expect(
      rejection(() =>
        create({
          DestinationConfig: {
            OnFailure: { Destination: 'arn:aws:lambda:us-east-1:000000000000:function:f' },
          },
        }),
      ),
    ).toContain('must be an SQS queue, an SNS topic or an S3 bucket');
  });
});

describe('validateUpdateRequest', () => {
  it('returns only what the request changes', () => {
    expect(validateUpdateRequest({ BatchSize: 5 }, 'kinesis')).toEqual({ changes: { batchSize: 5 } });
    expect(validateUpdateRequest({ Enabled: false, FunctionName: 'other' }, 'kinesis')).toEqual({
      functionName: 'other',
      changes: { enabled: false },
    });
  });

  it('removes the on-failure destination when OnFailure is empty', () => {
    const { changes } = validateUpdateRequest({ DestinationConfig: { OnFailure: {} } }, 'kinesis');
    expect('onFailureDestinationArn' in changes).toBe(true);
    expect(changes.onFailureDestinationArn).toBeUndefined();
  });

  it("checks the same ranges as Create, with the source's own limits", () => {
    expect(rejection(() => validateUpdateRequest({ BatchSize: 20_000 }, 'kinesis'))).toContain(
      'less than or equal to 10000',
    );
    expect(rejection(() => validateUpdateRequest({ BatchSize: 2_000 }, 'dynamodb'))).toContain(
      'for DynamoDB streams',
    );
  });
});

describe('sourceKindOf', () => {
  it('recognises Kinesis streams and DynamoDB streams only', () => {
    expect(sourceKindOf(STREAM)).toBe('kinesis');
    expect(sourceKindOf(TABLE_STREAM)).toBe('dynamodb');
    expect(sourceKindOf('arn:aws:dynamodb:us-east-1:000000000000:table/kes-local-claps')).toBeUndefined();
    expect(sourceKindOf(`${STREAM}/consumer/efo:1`)).toBeUndefined();
  });
});
