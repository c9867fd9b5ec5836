import { randomBytes } from 'node:crypto';
import { conflict, httpRoute, respond } from '@kes/http-api';
import { postsStore } from '../../deps';
import { createPostBodySchema } from '../../schemas';
import type { PostsStore } from '../../store/PostsStore';

export interface CreatePostDeps {
  posts: Pick<PostsStore, 'create'>;
  now: () => Date;
  newId: () => string;
}

/** 128 random bits, URL-safe: 22 characters of [A-Za-z0-9_-]. */
export const newPostId = (): string => randomBytes(16).toString('base64url');

/**
 * POST /posts: stores the post; the posts table's stream turns it into PostPublished (the outbox), so
 * the event cannot be lost once this returns 201.
 */
export const createPost =
  (deps: CreatePostDeps) =>
  async ({ body, memberId }: { body: { title: string; body: string }; memberId: string }) => {
    const post = {
      postId: deps.newId(),
      authorId: memberId,
      title: body.title,
      body: body.body,
      createdAt: deps.now().toISOString(),
    };
    if (!(await deps.posts.create(post)))
      throw conflict('PostIdTaken', 'A post with this id already exists; retry');
    return respond(
      201,
      {
        postId: post.postId,
        authorId: post.authorId,
        title: post.title,
        createdAt: post.createdAt,
        claps: 0,
      },
      { location: `/posts/${post.postId}` },
    );
  };

export const handler = httpRoute({
  name: 'createPost',
  body: createPostBodySchema,
  handler: (input) => createPost({ posts: postsStore(), now: () => new Date(), newId: newPostId })(input),
});
