import { postIdSchema } from '@kes/contracts';
import { badRequest, httpRoute, queryNumber } from '@kes/http-api';
import { z } from 'zod';
import { postClapsStore, postsStore } from '../../deps';
import type { PostClapsStore } from '../../store/PostClapsStore';
import type { PostsStore } from '../../store/PostsStore';

export interface ListPostsDeps {
  posts: Pick<PostsStore, 'page'>;
  claps: Pick<PostClapsStore, 'getMany'>;
}

const cursorSchema = z.strictObject({ postId: postIdSchema });

/** The opaque cursor: the page's last key, base64url JSON. */
export const encodeCursor = (key: { postId: string }): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const decodeCursor = (cursor: string): { postId: string } => {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw badRequest('InvalidCursor', 'cursor is not one this API returned; start again without it', [
      { path: 'query.cursor', message: 'not a valid cursor' },
    ]);
  }
};

export const listPostsQuerySchema = z.object({
  limit: queryNumber({ integer: true, min: 1, max: 100 }).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

/** GET /posts?limit=&cursor=: a page of posts (without their bodies) with their claps, and the next cursor. */
export const listPosts =
  (deps: ListPostsDeps) =>
  async ({ query }: { query: z.output<typeof listPostsQuerySchema> }) => {
    const page = await deps.posts.page(query.limit, query.cursor ? decodeCursor(query.cursor) : undefined);
    const claps = await deps.claps.getMany(page.posts.map((post) => post.postId));
    return {
      items: page.posts.map((post) => ({
        postId: post.postId,
        authorId: post.authorId,
        title: post.title,
        createdAt: post.createdAt,
        claps: claps.get(post.postId)?.claps ?? 0,
        clappers: claps.get(post.postId)?.clappers ?? 0,
      })),
      cursor: page.lastKey ? encodeCursor(page.lastKey) : null,
    };
  };

export const handler = httpRoute({
  name: 'listPosts',
  query: listPostsQuerySchema,
  handler: (input) => listPosts({ posts: postsStore(), claps: postClapsStore() })(input),
});
