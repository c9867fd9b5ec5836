import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { listPosts } from '../../src/functions/listPosts/handler';
import { PostClapsStore } from '../../src/store/PostClapsStore';
import { type Post, PostsStore } from '../../src/store/PostsStore';
import { postAt } from '../helpers/posts';
import { createPostClapsTable, createPostsTable } from '../helpers/tables';

const SMALL_TABLE = 'posts';
const PAGED_TABLE = 'posts-250';
const CLAPS_TABLE = 'posts-claps';

describe('PostsStore against DynamoDB Local', () => {
  let emulators: TestEmulators;
  let clients: AwsClients;
  let posts: PostsStore;
  let paged: PostsStore;
  const manyPosts = Array.from({ length: 250 }, (_, index) => postAt(index + 1));

  beforeAll(async () => {
    emulators = await startEmulators({ dynamodb: true });
    clients = createAwsClients(emulators.env);
    await createPostsTable(clients.dynamodb, SMALL_TABLE);
    await createPostsTable(clients.dynamodb, PAGED_TABLE);
    await createPostClapsTable(clients.dynamodb, CLAPS_TABLE);
    posts = new PostsStore(clients.documents, SMALL_TABLE);
    paged = new PostsStore(clients.documents, PAGED_TABLE);
    for (let i = 0; i < manyPosts.length; i += 25)
      await Promise.all(manyPosts.slice(i, i + 25).map((post) => paged.create(post)));
  });
  afterAll(async () => {
    clients?.dynamodb.destroy();
    await emulators?.stop();
  });

  describe('create and get', () => {
    it('stores a new post and reads it back', async () => {
      const post = postAt(1, { postId: 'created-1' });

      await expect(posts.create(post)).resolves.toBe(true);

      await expect(posts.get('created-1')).resolves.toEqual(post);
    });

    it('never overwrites: a second post with the same id is refused and the first stays', async () => {
      const original = postAt(2, { postId: 'created-2' });
      await posts.create(original);

      await expect(posts.create({ ...original, title: 'Hijacked', authorId: 'mallory' })).resolves.toBe(
        false,
      );

      await expect(posts.get('created-2')).resolves.toEqual(original);
    });

    it('answers undefined for a post that does not exist', async () => {
      await expect(posts.get('no-such-post')).resolves.toBeUndefined();
    });
  });

  describe('page', () => {
    /** Every page of the table, following lastKey until there is none. */
    const allPages = async (limit: number): Promise<Post[][]> => {
      const pages: Post[][] = [];
      let after: { postId: string } | undefined;
      do {
        const page = await paged.page(limit, after);
        pages.push(page.posts);
        after = page.lastKey;
      } while (after && pages.length < 10);
      return pages;
    };

    it('pages through 250 posts 100 at a time in 3 pages, every post exactly once', async () => {
      const pages = await allPages(100);

      expect(pages.map((page) => page.length)).toEqual([100, 100, 50]);
      const ids = pages.flat().map((post) => post.postId);
      expect(new Set(ids).size).toBe(250);
      expect([...ids].sort()).toEqual(manyPosts.map((post) => post.postId));
    });

    it('returns whole posts', async () => {
      const [page] = await allPages(100);

      const byId = new Map(manyPosts.map((post) => [post.postId, post]));
      for (const post of page ?? []) expect(post).toEqual(byId.get(post.postId));
    });

    it('lets listPosts page through every post with its cursors, joining the claps read model', async () => {
      const claps = new PostClapsStore(clients.documents, CLAPS_TABLE);
      const list = listPosts({ posts: paged, claps });

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof list>> = await list({
          query: { limit: 100, ...(cursor ? { cursor } : {}) },
        });
        seen.push(...page.items.map((item) => item.postId));
        expect(page.items.every((item) => item.claps === 0 && !('body' in item))).toBe(true);
        cursor = page.cursor;
        pages += 1;
      } while (cursor !== null && pages < 10);

      expect(pages).toBe(3);
      expect(seen.sort()).toEqual(manyPosts.map((post) => post.postId));
    });
  });
});
