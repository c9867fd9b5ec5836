import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { PostClapsStore } from '../../src/store/PostClapsStore';
import { clapsOf } from '../helpers/posts';
import { createPostClapsTable } from '../helpers/tables';

const TABLE = 'posts-claps';

describe('PostClapsStore against DynamoDB Local', () => {
  let emulators: TestEmulators;
  let clients: AwsClients;
  let store: PostClapsStore;
  const postIds = Array.from({ length: 250 }, (_, index) => `post-${index}`);
  /** Every third post has claps in the read model. */
  const withClaps = postIds.filter((_, index) => index % 3 === 0);

  beforeAll(async () => {
    emulators = await startEmulators({ dynamodb: true });
    clients = createAwsClients(emulators.env);
    await createPostClapsTable(clients.dynamodb, TABLE);
    store = new PostClapsStore(clients.documents, TABLE);
    await Promise.all(
      withClaps.map((postId, index) =>
        clients.documents.send(new PutCommand({ TableName: TABLE, Item: clapsOf(postId, index) })),
      ),
    );
  });
  afterAll(async () => {
    clients?.dynamodb.destroy();
    await emulators?.stop();
  });

  it('reads one post’s claps, and undefined for a post without any', async () => {
    await expect(store.get('post-0')).resolves.toEqual(clapsOf('post-0', 0));
    await expect(store.get('post-1')).resolves.toBeUndefined();
  });

  it('reads the claps of 250 posts (more than one BatchGetItem takes), leaving out those without', async () => {
    const found = await store.getMany(postIds);

    expect(found.size).toBe(withClaps.length);
    expect([...found.keys()].sort()).toEqual([...withClaps].sort());
    withClaps.forEach((postId, index) => {
      expect(found.get(postId)).toEqual(clapsOf(postId, index));
    });
  });

  it('answers an empty map for no posts', async () => {
    await expect(store.getMany([])).resolves.toEqual(new Map());
  });
});
