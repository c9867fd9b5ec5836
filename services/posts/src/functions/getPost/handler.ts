import { httpRoute, notFound } from '@kes/http-api';
import { postClapsStore, postsStore } from '../../deps';
import { postPathSchema } from '../../schemas';
import type { PostClapsStore } from '../../store/PostClapsStore';
import type { PostsStore } from '../../store/PostsStore';

export interface GetPostDeps {
  posts: Pick<PostsStore, 'get'>;
  claps: Pick<PostClapsStore, 'get'>;
}

/**
 * GET /posts/{postId}: the post with its claps from the read model. `claps` is the total, `clappers` the
 * number of members with at least one clap; `clapsAsOf` tells how fresh they are.
 */
export const getPost =
  (deps: GetPostDeps) =>
  async ({ path }: { path: { postId: string } }) => {
    const [post, claps] = await Promise.all([deps.posts.get(path.postId), deps.claps.get(path.postId)]);
    if (!post) throw notFound('PostNotFound', `No post with id ${path.postId}`);
    return {
      postId: post.postId,
      authorId: post.authorId,
      title: post.title,
      body: post.body,
      createdAt: post.createdAt,
      claps: claps?.claps ?? 0,
      clappers: claps?.clappers ?? 0,
      clapsVersion: claps?.version ?? 0,
      clapsAsOf: claps?.asOf ?? null,
    };
  };

export const handler = httpRoute({
  name: 'getPost',
  path: postPathSchema,
  handler: (input) => getPost({ posts: postsStore(), claps: postClapsStore() })(input),
});
