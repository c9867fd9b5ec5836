import { System, waitFor } from './helpers/system';

interface PostView {
  postId: string;
  authorId: string;
  title: string;
  body: string;
  claps: number;
  clappers: number;
  clapsVersion: number;
}

const system = System.shared();
const post = async (postId: string) => (await system.call<PostView>('GET', `/posts/${postId}`)).body;
const waitForClaps = (postId: string, claps: number, clappers: number) =>
  waitFor(async () => {
    const view = await post(postId);
    return view.claps === claps && view.clappers === clappers;
  }, `post ${postId} to show ${claps} claps by ${clappers} clappers`);

describe('claps → post totals, end to end through the local cloud', () => {
  it('publishes a post and serves it back with no claps', async () => {
    const created = await system.call<{ postId: string; claps: number; authorId: string }>('POST', '/posts', {
      memberId: 'author-1',
      body: { title: 'Event sourcing on AWS', body: 'Kinesis, Lambda and DynamoDB' },
    });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ authorId: 'author-1', title: 'Event sourcing on AWS', claps: 0 });
    expect(created.headers.get('location')).toBe(`/posts/${created.body.postId}`);
    const view = await post(created.body.postId);
    expect(view).toMatchObject({ body: 'Kinesis, Lambda and DynamoDB', claps: 0, clappers: 0 });
  });

  it('turns members’ claps into the post’s total and clapper count', async () => {
    const postId = await system.createClappablePost();

    const first = await system.call('PUT', `/posts/${postId}/claps`, {
      memberId: 'alice',
      body: { count: 21 },
    });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'bob', body: { count: 4 } });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'carol', body: { count: 50 } });

    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ postId, memberId: 'alice', count: 21, version: 1 });
    await waitForClaps(postId, 75, 3);
  });

  it('applies a changed count as full state, not as a delta', async () => {
    const postId = await system.createClappablePost();
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'dave', body: { count: 10 } });
    await waitForClaps(postId, 10, 1);

    const lowered = await system.call('PUT', `/posts/${postId}/claps`, {
      memberId: 'dave',
      body: { count: 3 },
    });

    expect(lowered.body).toMatchObject({ count: 3, version: 2 });
    await waitForClaps(postId, 3, 1);
  });

  it('makes repeating the same request harmless: no new version, the total unchanged', async () => {
    const postId = await system.createClappablePost();
    const once = await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'erin', body: { count: 7 } });
    await waitForClaps(postId, 7, 1);
    const { clapsVersion } = await post(postId);

    const again = await system.call('PUT', `/posts/${postId}/claps`, {
      memberId: 'erin',
      body: { count: 7 },
    });

    expect(again.body).toEqual(once.body);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await post(postId)).toMatchObject({ claps: 7, clappers: 1, clapsVersion });
  });

  it('unclaps with DELETE and reports the member’s own count', async () => {
    const postId = await system.createClappablePost();
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'frank', body: { count: 5 } });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'grace', body: { count: 2 } });
    await waitForClaps(postId, 7, 2);

    const unclapped = await system.call('DELETE', `/posts/${postId}/claps`, { memberId: 'frank' });
    const mine = await system.call('GET', `/posts/${postId}/claps/me`, { memberId: 'frank' });
    const never = await system.call('GET', `/posts/${postId}/claps/me`, { memberId: 'nobody' });

    expect(unclapped.body).toMatchObject({ postId, memberId: 'frank', count: 0, version: 2 });
    expect(mine.body).toEqual({ postId, memberId: 'frank', count: 0, version: 2 });
    expect(never.body).toEqual({ postId, memberId: 'nobody', count: 0, version: 0 });
    await waitForClaps(postId, 2, 1);
  });

  it('keeps every total right under concurrent claps from many members on a few posts', async () => {
    const posts = await Promise.all([1, 2, 3].map(() => system.createClappablePost()));
    const expected = new Map(posts.map((postId) => [postId, new Map<string, number>()]));
    const requests: Array<Promise<unknown>> = [];
    for (let i = 0; i < 120; i++) {
      const postId = posts[i % posts.length] as string;
      const memberId = `member-${i % 17}`;
      const count = (i * 7) % 51;
      expected.get(postId)?.set(memberId, count);
      requests.push(system.call('PUT', `/posts/${postId}/claps`, { memberId, body: { count } }));
      if (i % 17 === 16) await Promise.all(requests.splice(0));
    }
    await Promise.all(requests);

    for (const [postId, members] of expected) {
      const counts = [...members.values()];
      await waitForClaps(
        postId,
        counts.reduce((a, b) => a + b, 0),
        counts.filter((count) => count > 0).length,
      );
    }
  });

  it('lists posts a page at a time with a cursor that visits each post once', async () => {
    const created = await Promise.all([1, 2, 3, 4, 5].map((i) => system.createClappablePost(`lister-${i}`)));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : '?limit=2';
      const page = await system.call<{ items: Array<{ postId: string }>; cursor: string | null }>(
        'GET',
        `/posts${query}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item) => item.postId));
      cursor = page.body.cursor;
    } while (cursor);

    expect(new Set(seen).size).toBe(seen.length);
    for (const postId of created) expect(seen).toContain(postId);
  });
});
