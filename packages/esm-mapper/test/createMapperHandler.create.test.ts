import { cfnProperties, contextWith, createEvent, FUNCTION_ARN, STREAM_ARN } from './helpers/events';
import { awsError } from './helpers/FakeLambda';
import { setup } from './helpers/setup';

describe('Custom::EventSourceMapping Create', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    env = await setup();
  });
  afterEach(() => env.server.stop());

  it('creates the mapping from CloudFormation strings and answers SUCCESS with its UUID', async () => {
    const properties = cfnProperties({
      ParallelizationFactor: '4',
      BisectBatchOnFunctionError: 'true',
      MaximumRetryAttempts: '-1',
      MaximumRecordAgeInSeconds: '3600',
      TumblingWindowInSeconds: '30',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: '{"data":{"type":["PostPublished"]}}' }] },
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: '1767225600',
      KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k',
      Tags: [{ Key: 'team', Value: 'feed' }],
    });

    await env.handler(createEvent(env.server.url, properties), contextWith(60_000));

    const [create] = env.lambda.callsOf('Create');
    expect(create).toEqual({
      FunctionName: FUNCTION_ARN,
      EventSourceArn: STREAM_ARN,
      StartingPosition: 'AT_TIMESTAMP',
      StartingPositionTimestamp: new Date(1_767_225_600_000),
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 0,
      Enabled: true,
      ParallelizationFactor: 4,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: 3600,
      TumblingWindowInSeconds: 30,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: '{"data":{"type":["PostPublished"]}}' }] },
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
      KMSKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/k',
      Tags: { team: 'feed' },
    });
    const [uuid] = [...env.lambda.mappings.keys()];
    const { method, headers, body } = env.server.received[0] ?? {};
    expect(method).toBe('PUT');
    expect(headers?.['content-type']).toBe('');
    expect(body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: uuid,
      StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/kes-claps-dev/guid',
      RequestId: 'request-1',
      LogicalResourceId: 'TrackPostsEventSourceMapping',
      Data: {
        UUID: uuid,
        Id: uuid,
        EventSourceMappingArn: `arn:aws:lambda:us-east-1:123456789012:event-source-mapping:${uuid}`,
        State: 'Enabled',
        Outcome: 'created',
      },
    });
  });

  it.each([
    'LimitExceededException',
    'TooManyRequestsException',
    'ProvisionedThroughputExceededException',
    'ResourceInUseException',
    'ServiceException',
  ])('retries %s with full-jitter backoff, then succeeds', async (name) => {
    env.lambda.failNext('Create', awsError(name), awsError(name), awsError(name));

    await env.handler(createEvent(env.server.url), contextWith(60_000));

    expect(env.lambda.callsOf('Create')).toHaveLength(4);
    // random() = 0.5 of a ceiling of 500 · 2^n ms.
    expect(env.clock.sleeps.slice(0, 3)).toEqual([250, 500, 1000]);
    expect(env.server.only().Status).toBe('SUCCESS');
  });

  it('adopts an identical mapping of the same function and source (a retried Create) and updates it to the template', async () => {
    const existing = env.lambda.seed({
      FunctionName: FUNCTION_ARN,
      EventSourceArn: STREAM_ARN,
      BatchSize: 10,
    });

    await env.handler(createEvent(env.server.url), contextWith(60_000));

    expect(env.lambda.mappings.size).toBe(1);
    expect(env.lambda.callsOf('Update')).toEqual([
      expect.objectContaining({ UUID: existing, BatchSize: 100 }),
    ]);
    const response = env.server.only();
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: existing });
    expect(response.Data?.Outcome).toBe('adopted');
  });

  it('waits for a conflicting mapping that is being deleted instead of adopting it', async () => {
    const deleting = env.lambda.seed({
      FunctionName: FUNCTION_ARN,
      EventSourceArn: STREAM_ARN,
      State: 'Deleting',
    });
    env.lambda.failNext('List', awsError('TooManyRequestsException'));
    const realCreate = env.lambda.send;
    let creates = 0;
    env.lambda.send = async (command) => {
      // Lambda finishes the deletion while the mapper backs off.
      if (command.constructor.name === 'CreateEventSourceMappingCommand' && ++creates === 3) {
        env.lambda.mappings.delete(deleting);
      }
      return realCreate(command);
    };

    await env.handler(createEvent(env.server.url), contextWith(60_000));

    const response = env.server.only();
    expect(response.Status).toBe('SUCCESS');
    expect(response.PhysicalResourceId).not.toBe(deleting);
    expect(env.lambda.callsOf('Update')).toEqual([]);
  });

  it('answers FAILED with the property and value at fault, without calling Lambda, for bad input', async () => {
    await env.handler(
      createEvent(env.server.url, cfnProperties({ BatchSize: 'lots', Enabled: 'yes', Batchsize: '1' })),
      contextWith(60_000),
    );

    expect(env.lambda.calls).toEqual([]);
    const response = env.server.only();
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('BatchSize: expected an integer, got "lots"');
    expect(response.Reason).toContain('Enabled: expected true or false, got "yes"');
    expect(response.Reason).toContain('unknown property Batchsize');
    expect(response.PhysicalResourceId).toBe('TrackPostsEventSourceMapping-create-failed');
  });

  it('answers FAILED at once for an error retrying cannot fix', async () => {
    env.lambda.failNext('Create', awsError('InvalidParameterValueException', 'function has no permission'));

    await env.handler(createEvent(env.server.url), contextWith(60_000));

    expect(env.lambda.callsOf('Create')).toHaveLength(1);
    expect(env.server.only()).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining(
        'CreateEventSourceMapping failed: InvalidParameterValueException: function has no permission',
      ),
    });
  });

  it('answers FAILED before the time budget ends when throttling never stops', async () => {
    const throttled = Array.from({ length: 1_000 }, () => awsError('LimitExceededException'));
    env.lambda.failNext('Create', ...throttled);
    const start = env.clock.now();

    await env.handler(createEvent(env.server.url), contextWith(60_000));

    const response = env.server.only();
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(
      /CreateEventSourceMapping did not succeed before the function's time ran out \(\d+ attempts; last error: LimitExceededException/,
    );
    expect(response.Reason).toContain('CloudWatch log stream 2026/01/01/[$LATEST]abc');
    // 60 s remaining, 20 s kept to answer: all waiting happened within 40 s.
    expect(env.clock.now() - start).toBeLessThanOrEqual(40_000);
    expect(Math.max(...env.clock.sleeps)).toBeLessThanOrEqual(10_000);
  });

  it('answers FAILED when a call never returns, once the time budget is spent', async () => {
    env.lambda.failNext('Create', 'hang');

    // 20,050 ms left with a 20,000 ms margin: 50 ms of budget (real time: the guard timer is real).
    await env.handler(createEvent(env.server.url), contextWith(20_050));

    expect(env.server.only()).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining("did not succeed before the function's time ran out"),
    });
  });

  it('answers FAILED on an unexpected exception', async () => {
    env.lambda.send = async () => {
      throw new TypeError('cannot read properties of undefined');
    };

    await env.handler(createEvent(env.server.url), contextWith(60_000));

    expect(env.server.only()).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('TypeError: cannot read properties of undefined'),
    });
  });

  it('waits while the new mapping is Creating, so the stack does not move on before it settles', async () => {
    env.lambda.transitionalState = 'Creating';

    await env.handler(createEvent(env.server.url), contextWith(60_000));

    expect(env.lambda.callsOf('Get')).toHaveLength(2);
    expect(env.server.only().Data?.State).toBe('Enabled');
  });
});
