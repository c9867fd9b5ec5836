import { contextWith, deleteEvent, FUNCTION_ARN, STREAM_ARN } from './helpers/events';
import { awsError } from './helpers/FakeLambda';
import { setup } from './helpers/setup';

describe('Custom::EventSourceMapping Delete', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  let uuid: string;
  beforeEach(async () => {
    env = await setup();
    uuid = env.lambda.seed({ FunctionName: FUNCTION_ARN, EventSourceArn: STREAM_ARN });
  });
  afterEach(() => env.server.stop());

  it('deletes the mapping and answers SUCCESS with the same id', async () => {
    await env.handler(deleteEvent(env.server.url, uuid), contextWith(60_000));

    expect(env.lambda.mappings.has(uuid)).toBe(false);
    expect(env.server.only()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: uuid });
  });

  it('answers SUCCESS when the mapping is already gone (ResourceNotFoundException)', async () => {
    env.lambda.mappings.delete(uuid);

    await env.handler(deleteEvent(env.server.url, uuid), contextWith(60_000));

    expect(env.server.only()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: uuid });
    expect(env.server.only().Data?.Outcome).toBe('already-deleted');
  });

  it('retries while the mapping is Creating or Updating (ResourceInUse, ResourceConflict)', async () => {
    env.lambda.failNext('Delete', awsError('ResourceInUseException'), awsError('ResourceConflictException'));

    await env.handler(deleteEvent(env.server.url, uuid), contextWith(60_000));

    expect(env.lambda.callsOf('Delete')).toHaveLength(3);
    expect(env.lambda.mappings.has(uuid)).toBe(false);
    expect(env.server.only().Status).toBe('SUCCESS');
  });

  it('answers SUCCESS without calling Lambda for the placeholder id of a Create that failed', async () => {
    await env.handler(
      deleteEvent(env.server.url, 'TrackPostsEventSourceMapping-create-failed'),
      contextWith(60_000),
    );

    expect(env.lambda.calls).toEqual([]);
    expect(env.server.only()).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'TrackPostsEventSourceMapping-create-failed',
    });
  });

  it('answers SUCCESS for a Delete whose properties no longer validate: they are not needed', async () => {
    await env.handler(
      deleteEvent(env.server.url, uuid, { ServiceToken: 'x', BatchSize: 'lots' }),
      contextWith(60_000),
    );

    expect(env.server.only().Status).toBe('SUCCESS');
  });

  it('answers FAILED, keeping the id, when the mapping stays in use until time runs out', async () => {
    env.lambda.failNext('Delete', ...Array.from({ length: 1_000 }, () => awsError('ResourceInUseException')));

    await env.handler(deleteEvent(env.server.url, uuid), contextWith(60_000));

    expect(env.server.only()).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: uuid,
      Reason: expect.stringContaining('DeleteEventSourceMapping did not succeed'),
    });
  });
});
