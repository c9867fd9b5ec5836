import { HttpError } from '@kes/http-api';
import { encodeCursor, listPosts, listPostsQuerySchema } from '../../../src/functions/listPosts/handler';
import { clapsOf, fakePostClaps, fakePosts, postAt } from '../../helpers/posts';

const somePosts = (count: number) => Array.from({ length: count }, (_, index) => postAt(index + 1));

/** The query as the route validates it from API Gateway's strings. */
const query = (raw: Record<string, string> = {}) => listPostsQuerySchema.parse(raw);

describe('listPosts', () => {
  it('answers a page of posts without their bodies, with their claps, 0 where the read model has none', async () => {
    const [first, second] = somePosts(2) as [ReturnType<typeof postAt>, ReturnType<typeof postAt>];
    const posts = fakePosts([first, second]);
    const claps = fakePostClaps([clapsOf(first.postId, 12, { clappers: 4 })]);

    const response = await listPosts({ posts: posts.store, claps })({ query: query() });

    expect(response).toEqual({
      items: [
        {
          postId: first.postId,
          authorId: first.authorId,
          title: first.title,
          createdAt: first.createdAt,
          claps: 12,
          clappers: 4,
        },
        {
          postId: second.postId,
          authorId: second.authorId,
          title: second.title,
          createdAt: second.createdAt,
          claps: 0,
          clappers: 0,
        },
      ],
      cursor: null,
    });
  });

  it('reads 20 posts a page unless told otherwise, and passes the limit on', async () => {
    const posts = fakePosts(somePosts(30));

    const defaultPage = await listPosts({ posts: posts.store, claps: fakePostClaps() })({ query: query() });
    const smallPage = await listPosts({ posts: posts.store, claps: fakePostClaps() })({
      query: query({ limit: '5' }),
    });

    expect(defaultPage.items).toHaveLength(20);
    expect(smallPage.items).toHaveLength(5);
    expect(posts.pageCalls.map((call) => call.limit)).toEqual([20, 5]);
  });

  it('answers the cursor of the page’s last key, and continues after that key when given it back', async () => {
    const posts = fakePosts(somePosts(5));
    const list = listPosts({ posts: posts.store, claps: fakePostClaps() });

    const first = await list({ query: query({ limit: '2' }) });
    const second = await list({ query: query({ limit: '2', cursor: first.cursor ?? '' }) });

    expect(first.cursor).toBe(encodeCursor({ postId: 'post-002' }));
    expect(posts.pageCalls[1]).toEqual({ limit: 2, after: { postId: 'post-002' } });
    expect(second.items.map((item) => item.postId)).toEqual(['post-003', 'post-004']);
  });

  it('pages through every post exactly once by following the cursors, ending with a null cursor', async () => {
    const list = listPosts({ posts: fakePosts(somePosts(7)).store, claps: fakePostClaps() });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list({
        query: query({ limit: '3', ...(cursor ? { cursor } : {}) }),
      });
      seen.push(...page.items.map((item) => item.postId));
      cursor = page.cursor;
      pages += 1;
    } while (cursor !== null);

    expect(pages).toBe(3);
    expect(seen).toEqual(somePosts(7).map((post) => post.postId));
  });

  it('makes opaque, URL-safe cursors', () => {
    expect(encodeCursor({ postId: 'post-001' })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['not base64url JSON', 'not-a-cursor'],
    ['JSON of another shape', Buffer.from(JSON.stringify({ id: 'post-001' })).toString('base64url')],
    ['a key with extra fields', Buffer.from(JSON.stringify({ postId: 'p1', x: 1 })).toString('base64url')],
    ['a key that is no post id', Buffer.from(JSON.stringify({ postId: 'a/b' })).toString('base64url')],
  ])('refuses a cursor that is %s with 400 InvalidCursor, reading nothing', async (_, cursor) => {
    const posts = fakePosts(somePosts(3));

    const failure = await listPosts({ posts: posts.store, claps: fakePostClaps() })({
      query: query({ cursor }),
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({
      statusCode: 400,
      code: 'InvalidCursor',
      details: [{ path: 'query.cursor', message: 'not a valid cursor' }],
    });
    expect(posts.pageCalls).toEqual([]);
  });
});
