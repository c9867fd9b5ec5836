import {
  cfnProperties,
  contextWith,
  FUNCTION_ARN,
  OTHER_STREAM_ARN,
  STREAM_ARN,
  updateEvent,
} from './helpers/events';
import { awsError } from './helpers/FakeLambda';
import { setup } from './helpers/setup';

describe('Custom::EventSourceMapping Update', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  let uuid: string;
  beforeEach(async () => {
    env = await setup();
    uuid = env.lambda.seed({ FunctionName: FUNCTION_ARN, EventSourceArn: STREAM_ARN, BatchSize: 100 });
  });
  afterEach(() => env.server.stop());

  it('updates in place, keeping the id, and resets settings removed from the template to their defaults', async () => {
    const old = cfnProperties({
      ParallelizationFactor: '4',
      BisectBatchOnFunctionError: 'true',
      FilterCriteria: { Filters: [{ Pattern: '{}' }] },
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      Enabled: 'false',
    });

    await env.handler(
      updateEvent(env.server.url, uuid, cfnProperties({ BatchSize: '500' }), old),
      contextWith(60_000),
    );

    expect(env.lambda.callsOf('Update')).toEqual([
      {
        UUID: uuid,
        FunctionName: FUNCTION_ARN,
        BatchSize: 500,
        MaximumBatchingWindowInSeconds: 0,
        Enabled: true,
        ParallelizationFactor: 1,
        BisectBatchOnFunctionError: false,
        FilterCriteria: {},
        DestinationConfig: { OnFailure: {} },
        FunctionResponseTypes: [],
      },
    ]);
    expect(env.lambda.callsOf('Create')).toEqual([]);
    expect(env.server.only()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: uuid });
  });

  it('changes the target function in place (UpdateEventSourceMapping accepts FunctionName): the checkpoint is kept', async () => {
    const otherFunction = `${FUNCTION_ARN}-v2`;

    await env.handler(
      updateEvent(env.server.url, uuid, cfnProperties({ FunctionName: otherFunction }), cfnProperties()),
      contextWith(60_000),
    );

    expect(env.lambda.callsOf('Update')).toEqual([
      expect.objectContaining({ UUID: uuid, FunctionName: otherFunction }),
    ]);
    expect(env.server.only()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: uuid });
  });

  it('replaces the mapping when EventSourceArn changes: a new id, the old one left for CloudFormation to delete', async () => {
    await env.handler(
      updateEvent(env.server.url, uuid, cfnProperties({ EventSourceArn: OTHER_STREAM_ARN }), cfnProperties()),
      contextWith(60_000),
    );

    const response = env.server.only();
    expect(response.Status).toBe('SUCCESS');
    expect(response.PhysicalResourceId).not.toBe(uuid);
    expect(env.lambda.mappings.get(response.PhysicalResourceId)?.EventSourceArn).toBe(OTHER_STREAM_ARN);
    expect(env.lambda.mappings.has(uuid)).toBe(true);
    expect(env.lambda.callsOf('Delete')).toEqual([]);
  });

  it.each([
    ['StartingPosition', { StartingPosition: 'LATEST' }],
    [
      'StartingPositionTimestamp',
      { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: '1767225600' },
    ],
  ])(
    'replaces the mapping when %s changes; the old one (same function and source) is deleted first, since Lambda allows only one',
    async (_name, change) => {
      await env.handler(
        updateEvent(env.server.url, uuid, cfnProperties(change), cfnProperties()),
        contextWith(60_000),
      );

      const response = env.server.only();
      expect(response.Status).toBe('SUCCESS');
      expect(response.PhysicalResourceId).not.toBe(uuid);
      expect(env.lambda.callsOf('Delete')).toEqual([{ UUID: uuid }]);
      expect([...env.lambda.mappings.keys()]).toEqual([response.PhysicalResourceId]);
    },
  );

  it('retries an update that collides with an operation in progress (ResourceInUse, ResourceConflict)', async () => {
    env.lambda.failNext('Update', awsError('ResourceInUseException'), awsError('ResourceConflictException'));

    await env.handler(
      updateEvent(env.server.url, uuid, cfnProperties({ BatchSize: '200' }), cfnProperties()),
      contextWith(60_000),
    );

    expect(env.lambda.callsOf('Update')).toHaveLength(3);
    expect(env.server.only()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: uuid });
  });

  it('creates the mapping again when it was deleted outside CloudFormation', async () => {
    env.lambda.mappings.delete(uuid);

    await env.handler(
      updateEvent(env.server.url, uuid, cfnProperties({ BatchSize: '200' }), cfnProperties()),
      contextWith(60_000),
    );

    const response = env.server.only();
    expect(response.Status).toBe('SUCCESS');
    expect(response.PhysicalResourceId).not.toBe(uuid);
    expect(env.lambda.mappings.get(response.PhysicalResourceId)?.BatchSize).toBe(200);
  });

  it('answers FAILED for bad input and keeps the current id, so CloudFormation rolls back to it', async () => {
    await env.handler(
      updateEvent(env.server.url, uuid, cfnProperties({ ParallelizationFactor: '11' }), cfnProperties()),
      contextWith(60_000),
    );

    expect(env.lambda.calls).toEqual([]);
    expect(env.server.only()).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: uuid,
      Reason: expect.stringContaining('ParallelizationFactor: expected at most 10, got "11"'),
    });
  });

  it('creates a mapping when the current id is the placeholder of a failed Create', async () => {
    await env.handler(
      updateEvent(
        env.server.url,
        'TrackPostsEventSourceMapping-create-failed',
        cfnProperties({ EventSourceArn: OTHER_STREAM_ARN }),
        cfnProperties(),
      ),
      contextWith(60_000),
    );

    const response = env.server.only();
    expect(response.Status).toBe('SUCCESS');
    expect(env.lambda.mappings.get(response.PhysicalResourceId)?.EventSourceArn).toBe(OTHER_STREAM_ARN);
  });
});
