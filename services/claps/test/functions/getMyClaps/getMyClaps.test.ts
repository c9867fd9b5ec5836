import { HttpError } from '@kes/http-api';
import { KnownPosts } from '../../../src/domain/KnownPosts';
import { getMyClaps } from '../../../src/functions/getMyClaps/handler';
import { fakeClapsStore } from '../../helpers/fakes';

const context = (correlationId: string) => ({ now: new Date('2026-02-01T10:00:00.000Z'), correlationId });

const setup = () => {
  const claps = fakeClapsStore('post-1');
  const knownPosts = new KnownPosts((postId) => claps.store.isKnown(postId));
  return { store: claps.store, get: getMyClaps({ claps: claps.store, knownPosts }) };
};

describe('getMyClaps', () => {
  it('refuses a post that KnownPosts does not know with 404 PostNotFound', async () => {
    const { get } = setup();

    const failure = await get('no-such-post', 'alice').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ statusCode: 404, code: 'PostNotFound' });
    expect((failure as HttpError).message).toContain('no-such-post');
  });

  it("answers the caller's count and version", async () => {
    const { store, get } = setup();
    await store.setCount('post-1', 'alice', 12, context('request-1'));
    await store.setCount('post-1', 'alice', 20, context('request-2'));

    const response = await get('post-1', 'alice');

    expect(response).toEqual({ postId: 'post-1', memberId: 'alice', count: 20, version: 2 });
  });

  it("answers only the caller's claps, not another member's", async () => {
    const { store, get } = setup();
    await store.setCount('post-1', 'alice', 12, context('request-1'));

    const response = await get('post-1', 'bob');

    expect(response).toEqual({ postId: 'post-1', memberId: 'bob', count: 0, version: 0 });
  });

  it('answers 0 claps at version 0 for a member who never clapped', async () => {
    const { get } = setup();

    const response = await get('post-1', 'carol');

    expect(response).toEqual({ postId: 'post-1', memberId: 'carol', count: 0, version: 0 });
  });
});
