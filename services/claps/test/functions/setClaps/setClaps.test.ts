import { HttpError } from '@kes/http-api';
import { setClaps } from '../../../src/functions/setClaps/handler';
import type { ClapsStore } from '../../../src/store/ClapsStore';
import { fakeClapsStore } from '../../helpers/fakes';

const NOW = new Date('2026-02-01T10:00:00.000Z');

const setup = () => {
  const claps = fakeClapsStore('post-1');
  return { ...claps, set: setClaps({ claps: claps.store, now: () => NOW }) };
};

describe('setClaps', () => {
  it('refuses an unknown post with 404 PostNotFound that names the post', async () => {
    const { set } = setup();

    const failure = await set('no-such-post', 'alice', 5, 'request-1').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(HttpError);
    expect(failure).toMatchObject({ statusCode: 404, code: 'PostNotFound' });
    expect((failure as HttpError).message).toContain('no-such-post');
  });

  it("sets the member's count with the request id and the clock, and answers with the stored claps", async () => {
    const { calls, set } = setup();

    const response = await set('post-1', 'alice', 5, 'request-1');

    expect(calls).toEqual([
      { postId: 'post-1', memberId: 'alice', count: 5, correlationId: 'request-1', now: NOW },
    ]);
    expect(response).toEqual({
      postId: 'post-1',
      memberId: 'alice',
      count: 5,
      version: 1,
      updatedAt: NOW.toISOString(),
    });
  });

  it('answers with the next version when the count changes', async () => {
    const { set } = setup();
    await set('post-1', 'alice', 5, 'request-1');

    const response = await set('post-1', 'alice', 12, 'request-2');

    expect(response).toMatchObject({ count: 12, version: 2 });
  });

  it('answers with the unchanged version when the same count is set again', async () => {
    const { set } = setup();
    await set('post-1', 'alice', 5, 'request-1');

    const again = await set('post-1', 'alice', 5, 'request-2');

    expect(again).toMatchObject({ count: 5, version: 1 });
  });

  it('answers count 0 and version 0 when a member who never clapped unclaps', async () => {
    const { set } = setup();

    const response = await set('post-1', 'bob', 0, 'request-1');

    expect(response).toEqual({ postId: 'post-1', memberId: 'bob', count: 0, version: 0, updatedAt: null });
  });

  it('passes any other store failure on as it is (a 500, not a 404)', async () => {
    const outage = new Error('DynamoDB is unavailable');
    const claps: Pick<ClapsStore, 'setCount'> = {
      setCount: async () => {
        throw outage;
      },
    };

    const failure = await setClaps({ claps, now: () => NOW })('post-1', 'alice', 5, 'request-1').catch(
      (error: unknown) => error,
    );

    expect(failure).toBe(outage);
  });
});
