import { HttpError, isRouteResponse } from '@kes/http-api';
import { createPost, newPostId } from '../../../src/functions/createPost/handler';
import { fakePosts, postAt } from '../../helpers/posts';

const NOW = new Date('2026-02-01T10:00:00.000Z');
const input = {
  body: { title: 'Event sourcing on AWS', body: 'Kinesis, Lambda, DynamoDB.' },
  memberId: 'alice',
};

describe('createPost', () => {
  it('stores the post with a new id, the caller as author and the current time', async () => {
    const posts = fakePosts();

    await createPost({ posts: posts.store, now: () => NOW, newId: () => 'new-post-1' })(input);

    expect(posts.items.get('new-post-1')).toEqual({
      postId: 'new-post-1',
      authorId: 'alice',
      title: 'Event sourcing on AWS',
      body: 'Kinesis, Lambda, DynamoDB.',
      createdAt: NOW.toISOString(),
    });
  });

  it('answers 201 with the post summary, no claps yet, and its location', async () => {
    const posts = fakePosts();

    const response = await createPost({ posts: posts.store, now: () => NOW, newId: () => 'new-post-1' })(
      input,
    );

    expect(isRouteResponse(response)).toBe(true);
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({ location: '/posts/new-post-1' });
    expect(response.body).toEqual({
      postId: 'new-post-1',
      authorId: 'alice',
      title: 'Event sourcing on AWS',
      createdAt: NOW.toISOString(),
      claps: 0,
    });
  });

  it('refuses with 409 PostIdTaken, overwriting nothing, when the new id is already taken', async () => {
    const existing = postAt(1, { postId: 'taken' });
    const posts = fakePosts([existing]);

    const failure = await createPost({ posts: posts.store, now: () => NOW, newId: () => 'taken' })(
      input,
    ).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ statusCode: 409, code: 'PostIdTaken' });
    expect(posts.items.get('taken')).toEqual(existing);
  });
});

describe('newPostId', () => {
  it('makes 22-character URL-safe ids that are valid partition keys, different every time', () => {
    const ids = Array.from({ length: 1000 }, () => newPostId());

    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
