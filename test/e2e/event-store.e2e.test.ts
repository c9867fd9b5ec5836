import type { ErrorBody, EventsPage, StoredEvent } from './helpers/apiTypes';
import { System, waitFor } from './helpers/system';

const system = System.shared();
/** The event store's routes are administrative: they need this scope (members' tokens carry `claps posts`). */
const EVENTS_READ = { memberId: 'ops-e2e', scopes: 'kes/events.read' };

const history = async (postId: string, limit = 100) => {
  const events: StoredEvent[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ subjectType: 'post', subjectId: postId, limit: String(limit) });
    if (cursor) query.set('cursor', cursor);
    const page = await system.call<EventsPage>('GET', `/events?${query}`, EVENTS_READ);
    expect(page.status).toBe(200);
    events.push(...page.body.items);
    cursor = page.body.cursor;
  } while (cursor);
  return events;
};

describe('the event store, end to end: events from posting and clapping are stored and served', () => {
  let postId: string;
  let stored: StoredEvent[] = [];

  beforeAll(async () => {
    postId = await system.createClappablePost('author-store');
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'alice', body: { count: 5 } });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'bob', body: { count: 7 } });
    await waitFor(async () => {
      stored = await history(postId);
      // The posts and claps streams reach the store through different mappings, at their own pace.
      const types = stored.map((event) => event.type);
      return (
        types.includes('PostPublished') &&
        types.filter((type) => type === 'ClapsByMemberChanged').length === 2 &&
        stored.some((event) => event.type === 'PostClapsTotalChanged' && event.data.total === 12)
      );
    }, `post ${postId}'s events in the store`);
  });

  it('keeps the post’s history: PostPublished, both member changes and the newest total, each once', async () => {
    const types = stored.map((event) => event.type);
    expect(types.filter((type) => type === 'PostPublished')).toHaveLength(1);
    expect(types.filter((type) => type === 'ClapsByMemberChanged')).toHaveLength(2);
    expect(new Set(stored.map((event) => event.id)).size).toBe(stored.length);
    expect(await history(postId, 1)).toEqual(stored);
  });

  it('serves the events in a time range, in time order, filtered by type', async () => {
    const published = stored.find((event) => event.type === 'PostPublished');
    const from = new Date(Date.parse(published?.occurredAt ?? '') - 1_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const query = new URLSearchParams({ from, to, type: 'ClapsByMemberChanged', limit: '100' });

    const page = await system.call<EventsPage>('GET', `/events?${query}`, EVENTS_READ);

    expect(page.status).toBe(200);
    const mine = page.body.items.filter((event) => event.subject.id === postId);
    expect(mine.map((event) => event.data.memberId)).toEqual(['alice', 'bob']);
    expect(page.body.items.every((event) => event.type === 'ClapsByMemberChanged')).toBe(true);
    const times = page.body.items.map((event) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('gives the entity’s state at a time, 404 before it existed, and takes a snapshot on demand', async () => {
    const now = await system.call<{ facets: Record<string, { data: Record<string, unknown> }> }>(
      'GET',
      `/entities/post/${postId}`,
      EVENTS_READ,
    );
    expect(now.status).toBe(200);
    expect(now.body.facets.PostClapsTotalChanged?.data).toMatchObject({ total: 12, clappers: 2 });
    expect(now.body.facets.PostPublished?.data).toMatchObject({ authorId: 'author-store' });

    const before = await system.call<ErrorBody>(
      'GET',
      `/entities/post/${postId}?at=2000-01-01T00:00:00Z`,
      EVENTS_READ,
    );
    expect(before.status).toBe(404);
    expect(before.body.error.code).toBe('EntityNotFound');

    const snapshot = await system.call<{ asOf: string; eventCount: number }>(
      'POST',
      `/entities/post/${postId}/snapshots`,
      { ...EVENTS_READ, body: {} },
    );
    expect(snapshot.status).toBe(201);
    const fromSnapshot = await system.call<{ fromSnapshot: string | null; facets: unknown }>(
      'GET',
      `/entities/post/${postId}?at=${encodeURIComponent(snapshot.body.asOf)}`,
      EVENTS_READ,
    );
    expect(fromSnapshot.body.fromSnapshot).toBe(snapshot.body.asOf);
    expect(fromSnapshot.body.facets).toEqual(now.body.facets);
  });

  it.each([
    ['neither query mode', ''],
    ['both query modes', 'subjectType=post&subjectId=p1&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z'],
    ['a subject type without an id', 'subjectType=post'],
    ['an unparseable time', 'from=yesterday&to=2026-01-02T00:00:00Z'],
    ['from after to', 'from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z'],
    ['an unknown event type', 'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&type=PostDeleted'],
    ['a limit of 0', 'subjectType=post&subjectId=p1&limit=0'],
    ['a limit that is not a number', 'subjectType=post&subjectId=p1&limit=lots'],
    ['a cursor this API never gave', 'subjectType=post&subjectId=p1&cursor=bm90LWEtY3Vyc29y'],
  ])('GET /events refuses %s with 400 and a JSON error', async (_, query) => {
    const response = await system.call<ErrorBody>('GET', `/events?${query}`, EVENTS_READ);

    expect(response.status).toBe(400);
    expect(typeof response.body.error.code).toBe('string');
    expect(response.body.error.message.length).toBeGreaterThan(0);
  });

  it('refuses a cursor from another query, and an unparseable at', async () => {
    const first = await system.call<EventsPage>(
      'GET',
      `/events?subjectType=post&subjectId=${postId}&limit=1`,
      EVENTS_READ,
    );
    const other = await system.call<ErrorBody>(
      'GET',
      `/events?subjectType=post&subjectId=another&cursor=${first.body.cursor}`,
      EVENTS_READ,
    );
    const badAt = await system.call<ErrorBody>('GET', `/entities/post/${postId}?at=soon`, EVENTS_READ);

    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe('InvalidCursor');
    expect(badAt.status).toBe(400);
  });

  it('refuses a member token without kes/events.read with 403 Forbidden, as HTTP API does', async () => {
    const events = await system.call<{ message: string }>(
      'GET',
      `/events?subjectType=post&subjectId=${postId}`,
    );
    const entity = await system.call<{ message: string }>('GET', `/entities/post/${postId}`);

    expect(events.status).toBe(403);
    expect(events.body.message).toBe('Forbidden');
    expect(entity.status).toBe(403);
  });
});
