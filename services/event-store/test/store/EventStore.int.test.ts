import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { foldState } from '../../src/domain/foldState';
import type { StoredEvent } from '../../src/domain/types';
import { EntityStates } from '../../src/store/EntityStates';
import { EventStore } from '../../src/store/EventStore';
import { normalizeTime, timeSk } from '../../src/store/keys';
import { SnapshotStore } from '../../src/store/SnapshotStore';
import { type MergePosition, TimeRangeReader } from '../../src/store/TimeRangeReader';
import { at, memberChanged, published, shuffled, totalChanged } from '../helpers/events';
import { createEventsTable } from '../helpers/table';

const TABLE = 'events';
const post = { type: 'post' };
const orderOf = (event: StoredEvent) => timeSk(normalizeTime(event.occurredAt), event.id);
const byTime = (a: StoredEvent, b: StoredEvent) => (orderOf(a) < orderOf(b) ? -1 : 1);

describe('the event store against DynamoDB Local', () => {
  let emulators: TestEmulators;
  let clients: AwsClients;
  let store: EventStore;
  let snapshots: SnapshotStore;
  let states: EntityStates;
  let nextPost = 0;
  const newPost = () => `post-${++nextPost}`;

  /** What the storeEvents handler does with a batch: store, then the snapshot bookkeeping per subject. */
  const append = async (events: StoredEvent[]) => {
    await store.append(events);
    const outcomes = [];
    for (const id of new Set(events.map((event) => event.subject.id))) {
      const subjectEvents = events.filter((event) => event.subject.id === id);
      outcomes.push(await states.afterAppend({ type: 'post', id }, subjectEvents));
    }
    return outcomes;
  };
  const fullHistory = async (postId: string, limit: number) => {
    const events: StoredEvent[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await store.history({ ...post, id: postId }, limit, after);
      events.push(...page.events);
      after = page.lastSk;
      pages++;
    } while (after);
    return { events, pages };
  };
  const itemCount = async (pkPrefix: string) => {
    const { Items = [] } = await clients.documents.send(
      new ScanCommand({ TableName: TABLE, ConsistentRead: true }),
    );
    return Items.filter((item) => String(item.pk).startsWith(pkPrefix) && String(item.sk).startsWith('e#'))
      .length;
  };

  beforeAll(async () => {
    emulators = await startEmulators({ dynamodb: true });
    clients = createAwsClients(emulators.env);
    await createEventsTable(clients.dynamodb, TABLE);
    store = new EventStore(clients.documents, { table: TABLE, timeShards: 4 });
    snapshots = new SnapshotStore(clients.documents, TABLE);
    states = new EntityStates(store, snapshots, { snapshotEvery: 5 });
  });
  afterAll(async () => {
    clients?.dynamodb.destroy();
    await emulators?.stop();
  });

  it('stores each event once, however often and in whatever order it arrives', async () => {
    const postId = newPost();
    const events = [published(postId), ...Array.from({ length: 12 }, (_, n) => totalChanged(postId, n + 1))];

    await append(shuffled(events));
    await append(shuffled([...events.slice(3, 9), ...events.slice(3, 9)], 7));
    await append(events.slice(0, 2));

    expect(await itemCount(`s#post#${postId}`)).toBe(events.length);
    const { events: history } = await fullHistory(postId, 100);
    expect(history.map((event) => `${event.version}/${event.type}`)).toEqual([
      '1/PostClapsTotalChanged',
      '1/PostPublished',
      ...Array.from({ length: 11 }, (_, n) => `${n + 2}/PostClapsTotalChanged`),
    ]);
    expect(history.find((event) => event.type === 'PostPublished')).toEqual(events[0]);
  });

  it('pages through a large history in version order, each event once, without an empty last page', async () => {
    const postId = newPost();
    const events = Array.from({ length: 260 }, (_, n) => memberChanged(postId, n + 1));
    await store.append(shuffled(events));

    const { events: history, pages } = await fullHistory(postId, 37);

    expect(history.map((event) => event.version)).toEqual(events.map((event) => event.version));
    expect(pages).toBe(Math.ceil(260 / 37));
  });

  it('merges a time range across the write shards in time order, page by page', async () => {
    // A burst of 200 events within 2 s in one hour, plus a few in the next hours.
    const burst = Array.from({ length: 200 }, (_, n) =>
      totalChanged(`burst-${n % 25}`, n + 1, 7_200 + (n % 3)),
    );
    const after = [totalChanged('burst-x', 1, 10_800 + 5), memberChanged('burst-y', 1, 14_400 + 1)];
    await store.append(shuffled([...burst, ...after]));
    const reader = new TimeRangeReader(store);
    const from = at(7_200);
    const to = at(14_400 + 2);

    const events: StoredEvent[] = [];
    let position: MergePosition | undefined;
    do {
      const page = await reader.page({ from, to, limit: 9, ...(position ? { position } : {}) });
      events.push(...page.events);
      position = page.position;
    } while (position);

    expect(events.map(orderOf)).toEqual([...burst, ...after].sort(byTime).map(orderOf));
  });

  it('spreads the burst over every write shard of its hour', async () => {
    const { Items = [] } = await clients.documents.send(
      new ScanCommand({ TableName: TABLE, IndexName: 'byTime' }),
    );
    const burstPartitions = new Set(
      Items.filter((item) => String(item.tpk).startsWith(`t#${at(7_200).slice(0, 13)}#`)).map(
        (item) => item.tpk,
      ),
    );

    expect(burstPartitions.size).toBe(4);
  });

  describe('state at T', () => {
    it.each([
      ['in order', false],
      ['out of order', true],
    ])(
      'equals the fold of every event up to T, for every T, with snapshots every 5 versions (delivered %s)',
      async (_, shuffle) => {
        const postId = newPost();
        const events = [
          published(postId, 0),
          ...Array.from({ length: 23 }, (_, n) => memberChanged(postId, n + 1, 10 + 2 * n)),
          ...Array.from({ length: 23 }, (_, n) => totalChanged(postId, n + 1, 11 + 2 * n)),
        ];
        // Delivered in batches of 8; out of order, late events drop the snapshots they make stale.
        const delivery = shuffle ? shuffled(events, 3) : [...events].sort(byTime);
        for (let i = 0; i < delivery.length; i += 8) await append(delivery.slice(i, i + 8));

        const times = [...new Set(events.map((event) => event.occurredAt))].sort();
        for (const t of times) {
          const state = await states.stateAt({ ...post, id: postId }, t);
          const expected = foldState(
            {},
            events.filter((event) => event.occurredAt <= t),
          );
          expect(state?.facets).toEqual(expected);
        }
        const last = await states.stateAt({ ...post, id: postId }, at(1_000));
        expect(last?.eventCount).toBe(events.length);
        if (!shuffle) {
          // The newest snapshot: PostClapsTotalChanged v20 at 49 s; after it, versions 21–23 of both types.
          expect(last?.fromSnapshot).toBe(at(49));
          expect(last?.eventsAfterSnapshot).toBe(6);
        }
      },
    );

    it('is undefined before the first event', async () => {
      const postId = newPost();
      await append([published(postId, 100)]);

      expect(await states.stateAt({ ...post, id: postId }, at(99))).toBeUndefined();
      expect(await states.stateAt({ ...post, id: postId }, at(100))).toMatchObject({ eventCount: 1 });
    });

    it('drops a snapshot an event arriving late has made stale, and stays equal to the fold', async () => {
      const postId = newPost();
      const late = totalChanged(postId, 3, 30, 3);
      await append([
        published(postId, 0),
        totalChanged(postId, 1, 10),
        totalChanged(postId, 2, 20),
        totalChanged(postId, 4, 40),
      ]);
      const snapshot = await states.takeSnapshot({ ...post, id: postId }, at(35));
      expect(snapshot?.facets.PostClapsTotalChanged?.version).toBe(2);

      const [outcome] = await append([late]);

      expect(outcome?.invalidated).toBe(1);
      expect(await snapshots.latestAtOrBefore({ ...post, id: postId }, at(35))).toBeUndefined();
      const state = await states.stateAt({ ...post, id: postId }, at(35));
      expect(state?.facets.PostClapsTotalChanged).toMatchObject({ version: 3, eventId: late.id });
    });

    it('refuses to write a snapshot an append raced', async () => {
      const postId = newPost();
      const subject = { ...post, id: postId };
      await append([published(postId, 0), totalChanged(postId, 1, 10)]);
      await snapshots.announce(subject, 'intent-1');
      const guard = await store.snapshotGuard(subject);
      await append([totalChanged(postId, 2, 5)]);

      const written = await snapshots.putIfUnchanged(
        { subject, asOf: at(20), facets: {}, eventCount: 0, createdAt: at(20) },
        guard,
        'intent-1',
      );

      expect(written).toBe(false);
      expect(await snapshots.latestAtOrBefore(subject, at(20))).toBeUndefined();
      await snapshots.withdraw(subject, 'intent-1');
      expect(await store.head(subject)).toEqual({ latestSnapshotAt: undefined, snapshotsInFlight: 0 });
    });

    it('writes no touch item for appends while no snapshot is in flight, and one while one is', async () => {
      const postId = newPost();
      const subject = { ...post, id: postId };
      const touchItems = async () => {
        const { Items = [] } = await clients.documents.send(
          new ScanCommand({
            TableName: TABLE,
            ConsistentRead: true,
            FilterExpression: 'pk = :pk AND sk = :touch',
            ExpressionAttributeValues: { ':pk': `s#post#${postId}`, ':touch': 'touch' },
          }),
        );
        return Items.length;
      };
      await append([published(postId, 0), totalChanged(postId, 1, 10)]);
      expect(await touchItems()).toBe(0);

      await snapshots.announce(subject, 'intent-2');
      expect(await store.head(subject)).toMatchObject({ snapshotsInFlight: 1 });
      await append([totalChanged(postId, 2, 20)]);
      expect(await touchItems()).toBe(1);
      await snapshots.withdraw(subject, 'intent-2');
    });

    it('withdraws its announcement whether the snapshot is written or there is nothing to snapshot', async () => {
      const postId = newPost();
      const subject = { ...post, id: postId };
      await append([published(postId, 50), totalChanged(postId, 1, 60)]);

      expect(await states.takeSnapshot(subject, at(40))).toBeUndefined();
      expect(await store.head(subject)).toEqual({ latestSnapshotAt: undefined, snapshotsInFlight: 0 });
      const snapshot = await states.takeSnapshot(subject, at(70));
      expect(snapshot?.facets.PostClapsTotalChanged?.version).toBe(1);
      expect(await store.head(subject)).toEqual({ latestSnapshotAt: at(70), snapshotsInFlight: 0 });
    });

    it('keeps every snapshot equal to the fold while appends and snapshots of one entity race', async () => {
      const postId = newPost();
      const subject = { ...post, id: postId };
      const events = [
        published(postId, 0),
        ...Array.from({ length: 30 }, (_, n) => totalChanged(postId, n + 1, n + 1)),
      ];
      const arrivals = shuffled(events);
      await Promise.all([
        (async () => {
          for (let i = 0; i < arrivals.length; i += 3) await append(arrivals.slice(i, i + 3));
        })(),
        (async () => {
          for (const minute of [5, 12, 20, 28]) await states.takeSnapshot(subject, at(minute));
        })(),
      ]);
      for (const minute of [5, 12, 20, 28, 31]) {
        const expected = foldState(
          {},
          events.filter((event) => event.occurredAt <= at(minute)),
        );
        expect((await states.stateAt(subject, at(minute)))?.facets).toEqual(expected);
      }
      expect(await store.head(subject)).toMatchObject({ snapshotsInFlight: 0 });
    });
  });
});
