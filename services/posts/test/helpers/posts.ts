import type { PostClaps, PostClapsStore } from '../../src/store/PostClapsStore';
import type { Post, PostsPage, PostsStore } from '../../src/store/PostsStore';

/** The n-th post of a test: ids sort the way n does (`post-007`). */
export const postAt = (n: number, overrides: Partial<Post> = {}): Post => ({
  postId: `post-${String(n).padStart(3, '0')}`,
  authorId: `author-${n % 3}`,
  title: `Post number ${n}`,
  body: `The body of post ${n}`,
  createdAt: new Date(Date.parse('2026-02-01T00:00:00.000Z') + n * 60_000).toISOString(),
  ...overrides,
});

/** The read model's claps of a post. */
export const clapsOf = (postId: string, claps: number, overrides: Partial<PostClaps> = {}): PostClaps => ({
  postId,
  claps,
  clappers: Math.min(claps, 3),
  version: claps + 1,
  asOf: '2026-02-01T12:00:00.000Z',
  ...overrides,
});

/** The posts table in memory: `page` goes in postId order and remembers the keys it was asked to start after. */
export const fakePosts = (posts: Post[] = []) => {
  const items = new Map(posts.map((post) => [post.postId, post]));
  const pageCalls: Array<{ limit: number; after: { postId: string } | undefined }> = [];
  const store: Pick<PostsStore, 'create' | 'get' | 'page'> = {
    create: async (post) => {
      if (items.has(post.postId)) return false;
      items.set(post.postId, post);
      return true;
    },
    get: async (postId) => items.get(postId),
    page: async (limit, after): Promise<PostsPage> => {
      pageCalls.push({ limit, after });
      const sorted = [...items.values()].sort((a, b) => a.postId.localeCompare(b.postId));
      const rest = after ? sorted.filter((post) => post.postId > after.postId) : sorted;
      const page = rest.slice(0, limit);
      const last = page.at(-1);
      return { posts: page, lastKey: rest.length > limit && last ? { postId: last.postId } : undefined };
    },
  };
  return { store, items, pageCalls };
};

/** The claps read model in memory. */
export const fakePostClaps = (claps: PostClaps[] = []): Pick<PostClapsStore, 'get' | 'getMany'> => {
  const items = new Map(claps.map((item) => [item.postId, item]));
  return {
    get: async (postId) => items.get(postId),
    getMany: async (postIds) =>
      new Map(
        postIds.flatMap((postId) => (items.has(postId) ? [[postId, items.get(postId) as PostClaps]] : [])),
      ),
  };
};
