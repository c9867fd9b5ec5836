import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { eventsFromTotals, type TotalsImage } from '../../../src/domain/eventsFromTotals';
import { ClapsStore } from '../../../src/store/ClapsStore';
import { createStream, eventsOf, readClapsEvents } from '../../helpers/clapsStream';
import { createBucket, readLetters } from '../../helpers/deadLetterBucket';
import { createMembersTable, createTotalsTable } from '../../helpers/tables';
import { totalsStreamEvent } from '../../helpers/totalsStreamEvents';

const MEMBERS_TABLE = 'claps-members';
const TOTALS_TABLE = 'claps-totals';
const CLAPS_STREAM = 'claps';
const DEAD_LETTER_BUCKET = 'dead-letters';
/** A Lambda context without `getRemainingTimeInMillis`, so middy arms no early-timeout timer. */
const lambdaContext = { awsRequestId: 'request-1', functionName: 'publishClaps' } as unknown as Context;

type PublishClaps = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

const summary = (events: Array<{ type: string; version: number }>) =>
  events.map((event) => `${event.type} v${event.version}`);

describe('publishClaps against DynamoDB Local, Kinesis and S3', () => {
  const savedEnv = { ...process.env };
  let emulators: TestEmulators;
  let clients: AwsClients;
  let store: ClapsStore;
  let publishClaps: PublishClaps;
  let destroyHandlerClients: () => void;
  let nextPost = 0;
  let nextRequest = 0;

  const publishedPost = async () => {
    const postId = `post-${++nextPost}`;
    await store.track({ postId, authorId: 'author-1', publishedAt: '2026-02-01T09:00:00.000Z' });
    return postId;
  };
  /** Sets a member's count for real and answers the totals item it left: that change's NEW_IMAGE. */
  const clap = async (postId: string, memberId: string, count: number): Promise<TotalsImage> => {
    await store.setCount(postId, memberId, count, {
      now: new Date(),
      correlationId: `request-${++nextRequest}`,
    });
    const { Item } = await clients.documents.send(
      new GetCommand({ TableName: TOTALS_TABLE, Key: { postId }, ConsistentRead: true }),
    );
    return Item as TotalsImage;
  };
  const published = async (postId: string) =>
    eventsOf(await readClapsEvents(clients.kinesis, CLAPS_STREAM), postId);

  beforeAll(async () => {
    emulators = await startEmulators({ dynamodb: true, kinesis: true, s3: true });
    clients = createAwsClients(emulators.env);
    await createMembersTable(clients.dynamodb, MEMBERS_TABLE);
    await createTotalsTable(clients.dynamodb, TOTALS_TABLE);
    await createStream(clients.kinesis, CLAPS_STREAM);
    await createBucket(clients.s3, DEAD_LETTER_BUCKET);
    store = new ClapsStore(clients.documents, { membersTable: MEMBERS_TABLE, totalsTable: TOTALS_TABLE });
    // The handler reads its environment (endpoints, credentials, names) when imported and first invoked.
    Object.assign(process.env, emulators.env, {
      CLAPS_STREAM,
      DEAD_LETTER_BUCKET,
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const handlerModule = await import('../../../src/functions/publishClaps/handler');
    const deps = await import('../../../src/deps');
    publishClaps = handlerModule.handler as unknown as PublishClaps;
    destroyHandlerClients = () => {
      deps.clients().kinesis.destroy();
      deps.clients().s3.destroy();
    };
  });
  afterAll(async () => {
    process.env = savedEnv;
    destroyHandlerClients?.();
    clients?.dynamodb.destroy();
    clients?.kinesis.destroy();
    clients?.s3.destroy();
    await emulators?.stop();
  });

  it("publishes each post's changes and then its newest total, in order, under the post id", async () => {
    const [first, second] = [await publishedPost(), await publishedPost()];
    const a1 = await clap(first, 'alice', 5);
    const b1 = await clap(second, 'carol', 2);
    const a2 = await clap(first, 'bob', 3);
    const a3 = await clap(first, 'alice', 8);

    const response = await publishClaps(
      totalsStreamEvent([a1, b1, a2, a3].map((newImage) => ({ newImage }))),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    const firstEvents = await published(first);
    expect(summary(firstEvents)).toEqual([
      'ClapsByMemberChanged v1',
      'ClapsByMemberChanged v2',
      'ClapsByMemberChanged v3',
      'PostClapsTotalChanged v3',
    ]);
    expect(firstEvents).toEqual(eventsFromTotals([a1, a2, a3]));
    expect(firstEvents.at(-1)?.data).toEqual({ postId: first, total: 11, clappers: 2, asOf: a3.updatedAt });
    expect(await published(second)).toEqual(eventsFromTotals([b1]));
  });

  it('publishes the same events, ids included, when a batch is delivered again', async () => {
    const postId = await publishedPost();
    const batch = totalsStreamEvent([{ newImage: await clap(postId, 'alice', 4) }]);
    await publishClaps(batch, lambdaContext);

    const response = await publishClaps(batch, lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
    const events = await published(postId);
    expect(summary(events)).toEqual([
      'ClapsByMemberChanged v1',
      'PostClapsTotalChanged v1',
      'ClapsByMemberChanged v1',
      'PostClapsTotalChanged v1',
    ]);
    expect(events.slice(2)).toEqual(events.slice(0, 2));
  });

  it('publishes nothing for a post that was only tracked (version 0)', async () => {
    const postId = await publishedPost();

    const response = await publishClaps(
      totalsStreamEvent([{ newImage: { postId, authorId: 'author-1', total: 0, clappers: 0, version: 0 } }]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await published(postId)).toEqual([]);
  });

  it('dead-letters a record whose image is not a totals item, with the reason, and publishes the others', async () => {
    const postId = await publishedPost();
    const before = await clap(postId, 'alice', 5);
    const after = await clap(postId, 'alice', 6);
    const malformed = { postId, total: -1, clappers: 1, version: 'three' };

    const response = await publishClaps(
      totalsStreamEvent([{ newImage: before }, { newImage: malformed }, { newImage: after }]),
      lambdaContext,
    );

    expect(response).toEqual({ batchItemFailures: [] });
    expect(await published(postId)).toEqual(eventsFromTotals([before, after]));
    const letters = await readLetters(clients.s3, DEAD_LETTER_BUCKET, 'claps/publishClaps/');
    expect(letters).toHaveLength(1);
    expect(letters[0]?.letter).toMatchObject({
      consumer: 'publishClaps',
      reason: {
        code: 'RECORD_VALIDATION_FAILED',
        issues: expect.arrayContaining([
          expect.objectContaining({ path: 'newImage.total' }),
          expect.objectContaining({ path: 'newImage.version' }),
        ]),
      },
      record: {
        source: 'aws:dynamodb',
        partitionKey: postId,
        eventName: 'MODIFY',
        dynamodb: { NewImage: { version: { S: 'three' }, total: { N: '-1' } } },
      },
    });
  });

  it("reports the post's first record when the claps stream refuses it, and publishes it when it comes again", async () => {
    const postId = await publishedPost();
    const batch = totalsStreamEvent([{ newImage: await clap(postId, 'alice', 7) }]);
    emulators.kinesis?.setFaults({ errorRate: { PutRecord: 1 }, errorCode: 'AccessDeniedException' });

    const refused = await publishClaps(batch, lambdaContext).finally(() => emulators.kinesis?.setFaults({}));
    const retried = await publishClaps(batch, lambdaContext);

    expect(refused).toEqual({
      batchItemFailures: [{ itemIdentifier: batch.Records[0]?.dynamodb?.SequenceNumber }],
    });
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(summary(await published(postId))).toEqual(['ClapsByMemberChanged v1', 'PostClapsTotalChanged v1']);
  });
});
