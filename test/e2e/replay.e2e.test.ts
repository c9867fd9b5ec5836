import type { Envelope } from '@kes/envelope';
import { readWholeStream } from '@kes/local-cloud';
import type { ErrorBody, StoredEvent } from './helpers/apiTypes';
import { exclusive } from './helpers/exclusive';
import { System, waitFor } from './helpers/system';

const system = System.shared();
/** Replays and the event store's routes are administrative: they need these scopes. */
const OPS = { memberId: 'ops-replay', scopes: 'kes/replays kes/events.read' };

interface JobView {
  jobId: string;
  status: string;
  counts: { read: number; sent: number; confirmed: number };
  progress: number | null;
  error: { code: string; message: string } | null;
  written: Record<string, string>;
  links: { self: string };
}

/** Every event the store serves for a time range, through its own API, page by page. */
const storedBetween = async (from: string, to: string): Promise<StoredEvent[]> => {
  const events: StoredEvent[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ from, to, limit: '100' });
    if (cursor) query.set('cursor', cursor);
    const page = await system.call<{ items: StoredEvent[]; cursor: string | null }>(
      'GET',
      `/events?${query}`,
      OPS,
    );
    expect(page.status).toBe(200);
    events.push(...page.body.items);
    cursor = page.body.cursor;
  } while (cursor);
  return events;
};

describe('replays over HTTP, end to end: POST /replays from the event store into the replay stream', () => {
  let postId: string;
  let from: string;
  let to: string;
  let stored: StoredEvent[] = [];

  beforeAll(async () => {
    postId = await system.createClappablePost('author-replay');
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'carol', body: { count: 3 } });
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: 'dave', body: { count: 4 } });
    let mine: StoredEvent[] = [];
    await waitFor(async () => {
      const query = new URLSearchParams({ subjectType: 'post', subjectId: postId, limit: '100' });
      const page = await system.call<{ items: StoredEvent[] }>('GET', `/events?${query}`, OPS);
      mine = page.body.items;
      // PostPublished comes through the posts stream, on its own mapping: wait for it too.
      return (
        mine.some((event) => event.type === 'PostPublished') &&
        mine.filter((event) => event.type === 'ClapsByMemberChanged').length === 2
      );
    }, `post ${postId}'s events in the store`);
    from = new Date(Date.parse(mine[0]?.occurredAt ?? '') - 60_000).toISOString();
    to = new Date(Date.now() + 1_000).toISOString();
    stored = await storedBetween(from, to);
  }, 60_000);

  /** Starts a replay of the range and waits until it succeeded. */
  const runJob = async () => {
    const started = await system.call<JobView>('POST', '/replays', {
      ...OPS,
      body: { source: 'event-store', from, to, rateShare: 1 },
    });
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('pending');
    expect(started.headers.get('location')).toBe(`/replays/${started.body.jobId}`);
    let job: JobView | undefined;
    await waitFor(
      async () => {
        job = (await system.call<JobView>('GET', started.body.links.self, OPS)).body;
        if (job.status === 'failed') throw new Error(`replay failed: ${JSON.stringify(job.error)}`);
        return job.status === 'succeeded';
      },
      `replay ${started.body.jobId} succeeded`,
      60_000,
    );
    return { job, self: started.body.links.self };
  };

  it('runs the job to succeeded: every stored event of the range arrives, each partition key in order', async () => {
    // The rebuild-posts test replays into the same stream: take turns, and read only what this job wrote.
    const { job, self, records } = await exclusive(system.coordinates.dataDir, 'replay-stream', async () => {
      const before = new Set(
        (await readWholeStream(system.clients.kinesis, system.name('replay'))).map((r) => r.SequenceNumber),
      );
      const ran = await runJob();
      const all = await readWholeStream(system.clients.kinesis, system.name('replay'));
      return { ...ran, records: all.filter((record) => !before.has(record.SequenceNumber)) };
    });
    expect(job?.progress).toBe(1);
    expect(job?.counts.sent).toBeGreaterThanOrEqual(stored.length);

    const replayed = records.map((record) => ({
      partitionKey: record.PartitionKey ?? '',
      shardId: record.shardId,
      event: JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8')) as Envelope,
    }));
    const ids = new Set(replayed.map((record) => record.event.id));
    expect(stored.filter((event) => !ids.has(event.id))).toEqual([]);
    expect(stored.map((event) => event.type)).toEqual(expect.arrayContaining(['PostPublished']));
    // Per partition key, the stream reads in time order; per subject, in version order.
    const byKey = new Map<string, Envelope[]>();
    for (const { partitionKey, event } of replayed)
      byKey.set(partitionKey, [...(byKey.get(partitionKey) ?? []), event]);
    for (const events of byKey.values()) {
      const times = events.map((event) => event.occurredAt);
      expect(times).toEqual([...times].sort());
      const subjects = new Map<string, number[]>();
      for (const event of events) {
        const subject = `${event.subject.type}:${event.subject.id}`;
        subjects.set(subject, [...(subjects.get(subject) ?? []), event.version]);
      }
      for (const versions of subjects.values()) expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }
    // The job says where its records end on each shard: a consumer past these has read the whole replay.
    expect(job?.written).toEqual(
      Object.fromEntries(records.map((record) => [record.shardId, record.SequenceNumber])),
    );
    // Every record of one key sits on one shard.
    for (const key of byKey.keys())
      expect(new Set(replayed.filter((r) => r.partitionKey === key).map((r) => r.shardId)).size).toBe(1);

    const again = await system.call<ErrorBody>('POST', `${self}/resume`, OPS);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ReplayFinished');
  });

  it.each([
    ['an unparseable time', { source: 'event-store', from: 'yesterday', to: '2026-01-02T00:00:00Z' }, /from/],
    [
      'from after to',
      { source: 'event-store', from: '2026-01-03T00:00:00Z', to: '2026-01-02T00:00:00Z' },
      /before/,
    ],
    [
      'an unknown event type',
      {
        source: 'event-store',
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-02T00:00:00Z',
        types: ['PostDeleted'],
      },
      /PostDeleted/,
    ],
    [
      'a domain stream without allowDomainTarget',
      {
        source: 'event-store',
        from: '2026-01-01T00:00:00Z',
        to: '2026-01-02T00:00:00Z',
        target: system.name('claps'),
      },
      /allowDomainTarget/,
    ],
    [
      'an unknown source',
      { source: 'kafka', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' },
      /source/,
    ],
    [
      'a rate share above 1',
      { source: 'lake', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', rateShare: 2 },
      /rateShare/,
    ],
  ])('POST /replays refuses %s with 400 and a JSON message', async (_, body, message) => {
    const response = await system.call<ErrorBody>('POST', '/replays', { ...OPS, body });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });

  it('answers 404 for an unknown job and 400 for a malformed id, with JSON errors', async () => {
    const unknown = await system.call<ErrorBody>('GET', '/replays/0b7f1c52-51c4-4c2a-9d55-4a0f8a1f1e2d', OPS);
    const malformed = await system.call<ErrorBody>('GET', '/replays/latest', OPS);

    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('ReplayNotFound');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/path\.id/);
  });

  it('refuses a member token without kes/replays with 403 Forbidden, and starts nothing', async () => {
    const start = await system.call<{ message: string }>('POST', '/replays', {
      body: { source: 'event-store', from, to },
    });
    const watch = await system.call<{ message: string }>(
      'GET',
      '/replays/0b7f1c52-51c4-4c2a-9d55-4a0f8a1f1e2d',
      { memberId: 'member-e2e', scopes: 'claps posts kes/events.read' },
    );

    expect(start.status).toBe(403);
    expect(start.body.message).toBe('Forbidden');
    expect(watch.status).toBe(403);
  });
});
