import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { clapsBatch, memberChanged, totalChanged } from '../../helpers/clapsRecords';
import { createBucket, readLetters } from '../../helpers/deadLetterBucket';
import { createPostClapsTable } from '../../helpers/tables';

const POST_CLAPS_TABLE = 'posts-claps';
const DEAD_LETTER_BUCKET = 'dead-letters';
/** A Lambda context without `getRemainingTimeInMillis`, so middy arms no early-timeout timer. */
const lambdaContext = { awsRequestId: 'request-1', functionName: 'projectClaps' } as unknown as Context;

type ProjectClaps = (event: KinesisStreamEvent, context: Context) => Promise<unknown>;

describe('projectClaps against DynamoDB Local and S3', () => {
  const savedEnv = { ...process.env };
  let emulators: TestEmulators;
  let clients: AwsClients;
  let projectClaps: ProjectClaps;
  let nextPost = 0;
  const newPost = () => `post-${++nextPost}`;
  const readModel = async (postId: string) =>
    (
      await clients.documents.send(
        new GetCommand({ TableName: POST_CLAPS_TABLE, Key: { postId }, ConsistentRead: true }),
      )
    ).Item;

  beforeAll(async () => {
    emulators = await startEmulators({ dynamodb: true, s3: true });
    clients = createAwsClients(emulators.env);
    await createPostClapsTable(clients.dynamodb, POST_CLAPS_TABLE);
    await createBucket(clients.s3, DEAD_LETTER_BUCKET);
    // The handler reads its environment (endpoints, credentials, names) when imported and first invoked.
    Object.assign(process.env, emulators.env, {
      POST_CLAPS_TABLE,
      DEAD_LETTER_BUCKET,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const module = await import('../../../src/functions/projectClaps/handler');
    projectClaps = module.handler as unknown as ProjectClaps;
  });
  afterAll(async () => {
    process.env = savedEnv;
    clients?.dynamodb.destroy();
    clients?.s3.destroy();
    await emulators?.stop();
  });

  it('stores the newest of several totals of a post in one batch, whatever their order', async () => {
    const postId = newPost();

    const response = await projectClaps(
      clapsBatch([totalChanged(postId, 2, 5), totalChanged(postId, 4, 9, 2), totalChanged(postId, 3, 7)]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readModel(postId)).toEqual({
      postId,
      claps: 9,
      clappers: 2,
      version: 4,
      asOf: totalChanged(postId, 4, 9).data.asOf,
    });
  });

  it('ignores an older total delivered after a newer one', async () => {
    const postId = newPost();
    await projectClaps(clapsBatch([totalChanged(postId, 5, 20)]), lambdaContext);

    const response = await projectClaps(clapsBatch([totalChanged(postId, 3, 12)]), lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readModel(postId)).toMatchObject({ claps: 20, version: 5 });
  });

  it('does not count the same record twice, in one batch or across batches', async () => {
    const postId = newPost();
    const event = totalChanged(postId, 1, 6);

    await projectClaps(clapsBatch([event, event]), lambdaContext);
    await projectClaps(clapsBatch([event]), lambdaContext);

    expect(await readModel(postId)).toMatchObject({ claps: 6, clappers: 1, version: 1 });
  });

  it('applies a newer total after an older one', async () => {
    const postId = newPost();
    await projectClaps(clapsBatch([totalChanged(postId, 1, 6)]), lambdaContext);

    await projectClaps(clapsBatch([totalChanged(postId, 2, 4)]), lambdaContext);

    expect(await readModel(postId)).toMatchObject({ claps: 4, version: 2 });
  });

  it('skips member changes: a batch with only ClapsByMemberChanged writes nothing', async () => {
    const postId = newPost();

    const response = await projectClaps(
      clapsBatch([memberChanged(postId, 1, 'alice', 3), memberChanged(postId, 2, 'bob', 4)]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readModel(postId)).toBeUndefined();
  });

  it('dead-letters a malformed record to S3 and processes the rest of the batch', async () => {
    const [before, after] = [newPost(), newPost()];

    const response = await projectClaps(
      clapsBatch([
        totalChanged(before, 1, 3),
        { partitionKey: before, raw: '{"this is": "not a claps event"' },
        totalChanged(after, 2, 8),
        totalChanged(before, 2, 4),
      ]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await readModel(before)).toMatchObject({ claps: 4, version: 2 });
    expect(await readModel(after)).toMatchObject({ claps: 8, version: 2 });
    const letters = await readLetters(clients.s3, DEAD_LETTER_BUCKET, 'posts/projectClaps/');
    expect(letters).toHaveLength(1);
    expect(letters[0]?.letter).toMatchObject({
      consumer: 'projectClaps',
      reason: { code: 'EVENT_DECODE_FAILED' },
      record: {
        source: 'aws:kinesis',
        partitionKey: before,
        data: Buffer.from('{"this is": "not a claps event"').toString('base64'),
      },
    });
  });
});
