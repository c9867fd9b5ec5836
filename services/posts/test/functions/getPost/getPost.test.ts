import { HttpError } from '@kes/http-api';
import { getPost } from '../../../src/functions/getPost/handler';
import { clapsOf, fakePostClaps, fakePosts, postAt } from '../../helpers/posts';

describe('getPost', () => {
  it('answers the post with its claps from the read model', async () => {
    const post = postAt(1);
    const claps = clapsOf(post.postId, 42, { clappers: 5, version: 17, asOf: '2026-02-01T12:30:00.000Z' });

    const response = await getPost({ posts: fakePosts([post]).store, claps: fakePostClaps([claps]) })({
      path: { postId: post.postId },
    });

    expect(response).toEqual({
      postId: post.postId,
      authorId: post.authorId,
      title: post.title,
      body: post.body,
      createdAt: post.createdAt,
      claps: 42,
      clappers: 5,
      clapsVersion: 17,
      clapsAsOf: '2026-02-01T12:30:00.000Z',
    });
  });

  it('answers 0 claps at version 0 when the read model has nothing for the post yet', async () => {
    const post = postAt(2);

    const response = await getPost({ posts: fakePosts([post]).store, claps: fakePostClaps() })({
      path: { postId: post.postId },
    });

    expect(response).toMatchObject({ claps: 0, clappers: 0, clapsVersion: 0, clapsAsOf: null });
  });

  it('refuses an unknown post with 404 PostNotFound, even if the read model has claps for it', async () => {
    const failure = await getPost({
      posts: fakePosts().store,
      claps: fakePostClaps([clapsOf('ghost', 3)]),
    })({ path: { postId: 'ghost' } }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ statusCode: 404, code: 'PostNotFound' });
    expect((failure as HttpError).message).toContain('ghost');
  });
});
