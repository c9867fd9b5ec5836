import { InvalidPropertiesError, parseMappingProperties } from '../src';

const base = {
  ServiceToken: 'arn:token',
  ServiceTimeout: '360',
  FunctionName: 'f',
  EventSourceArn: 'arn:aws:kinesis:r:1:stream/s',
};

describe('parseMappingProperties', () => {
  it('coerces CloudFormation strings and leaves ServiceToken and ServiceTimeout aside', () => {
    expect(
      parseMappingProperties({
        ...base,
        BatchSize: '10000',
        MaximumRecordAgeInSeconds: '-1',
        BisectBatchOnFunctionError: 'false',
        ScalingConfig: { MaximumConcurrency: '5' },
      }),
    ).toEqual({
      FunctionName: 'f',
      EventSourceArn: 'arn:aws:kinesis:r:1:stream/s',
      BatchSize: 10_000,
      MaximumRecordAgeInSeconds: -1,
      BisectBatchOnFunctionError: false,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('accepts real numbers and booleans (a direct invocation)', () => {
    expect(parseMappingProperties({ ...base, BatchSize: 5, Enabled: false })).toMatchObject({
      BatchSize: 5,
      Enabled: false,
    });
  });

  it.each([
    [{ BatchSize: '0' }, 'BatchSize: expected at least 1, got "0"'],
    [{ BatchSize: '1.5' }, 'BatchSize: expected an integer, got "1.5"'],
    [{ MaximumRecordAgeInSeconds: '30' }, 'MaximumRecordAgeInSeconds: expected -1 or 60–604800, got "30"'],
    [{ StartingPosition: 'EARLIEST' }, 'StartingPosition:'],
    [{ FunctionName: undefined }, 'FunctionName:'],
    [{ FunctionResponseTypes: ['Everything'] }, 'FunctionResponseTypes.0:'],
  ])('refuses %j with a message naming the property', (change, message) => {
    expect(() => parseMappingProperties({ ...base, ...change })).toThrow(InvalidPropertiesError);
    expect(() => parseMappingProperties({ ...base, ...change })).toThrow(message);
  });
});
