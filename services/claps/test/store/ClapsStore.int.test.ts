import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import { ClapsStore, UnknownPostError } from '../../src/store/ClapsStore';
import { createMembersTable, createTotalsTable } from '../helpers/tables';
import { postRecords, readTableStream } from '../helpers/totalsStream';

const MEMBERS_TABLE = 'claps-members';
const TOTALS_TABLE = 'claps-totals';
const PUBLISHED_AT = '2026-02-01T09:00:00.000Z';
/** The n-th request of a test: its clock (n seconds after 10:00) and its request id. */
const request = (n: number) => ({
  now: new Date(Date.parse('2026-02-01T10:00:00.000Z') + n * 1000),
  correlationId: `request-${n}`,
});
const at = (n: number) => request(n).now.toISOString();

describe('ClapsStore against DynamoDB Local', () => {
  let emulators: TestEmulators;
  let clients: AwsClients;
  let store: ClapsStore;
  let nextPost = 0;
  /** A post that trackPosts has just learnt about. */
  const publishedPost = async () => {
    const postId = `post-${++nextPost}`;
    await store.track({ postId, authorId: 'author-1', publishedAt: PUBLISHED_AT });
    return postId;
  };
  const totalsItem = async (postId: string) =>
    (
      await clients.documents.send(
        new GetCommand({ TableName: TOTALS_TABLE, Key: { postId }, ConsistentRead: true }),
      )
    ).Item;
  const memberItem = async (postId: string, memberId: string) =>
    (
      await clients.documents.send(
        new GetCommand({ TableName: MEMBERS_TABLE, Key: { postId, memberId }, ConsistentRead: true }),
      )
    ).Item;

  beforeAll(async () => {
    emulators = await startEmulators({ dynamodb: true });
    clients = createAwsClients(emulators.env);
    await createMembersTable(clients.dynamodb, MEMBERS_TABLE);
    await createTotalsTable(clients.dynamodb, TOTALS_TABLE);
    // Generous attempts: the concurrency tests race 40 requests for one item on purpose.
    store = new ClapsStore(clients.documents, {
      membersTable: MEMBERS_TABLE,
      totalsTable: TOTALS_TABLE,
      maxAttempts: 100,
      // The clock stands still before every request's time: a refused change moves to 1 ms after the last.
      clock: () => request(0).now,
    });
  });
  afterAll(async () => {
    clients?.dynamodb.destroy();
    clients?.dynamodbStreams.destroy();
    await emulators?.stop();
  });

  describe('setCount', () => {
    it("stores a first clap at member version 1 and adds it to the post's total, clappers and version", async () => {
      const postId = await publishedPost();

      const claps = await store.setCount(postId, 'alice', 5, request(1));

      const stored = { postId, memberId: 'alice', count: 5, version: 1, updatedAt: at(1) };
      expect(claps).toEqual(stored);
      expect(await memberItem(postId, 'alice')).toEqual(stored);
      expect(await totalsItem(postId)).toEqual({
        postId,
        authorId: 'author-1',
        publishedAt: PUBLISHED_AT,
        total: 5,
        clappers: 1,
        version: 1,
        updatedAt: at(1),
        lastChange: { memberId: 'alice', count: 5, memberVersion: 1, correlationId: 'request-1' },
      });
    });

    it('adds the difference when a member raises or lowers their count, counting them once', async () => {
      const postId = await publishedPost();
      await store.setCount(postId, 'alice', 5, request(1));
      await store.setCount(postId, 'bob', 7, request(2));

      const raised = await store.setCount(postId, 'alice', 12, request(3));
      const lowered = await store.setCount(postId, 'alice', 3, request(4));

      expect([raised.version, lowered.version]).toEqual([2, 3]);
      expect(await store.getMember(postId, 'alice')).toEqual({
        postId,
        memberId: 'alice',
        count: 3,
        version: 3,
        updatedAt: at(4),
      });
      expect(await totalsItem(postId)).toMatchObject({
        total: 10,
        clappers: 2,
        version: 4,
        updatedAt: at(4),
        lastChange: { memberId: 'alice', count: 3, memberVersion: 3, correlationId: 'request-4' },
      });
    });

    it('takes a member who unclaps (0) out of the clappers and their claps out of the total', async () => {
      const postId = await publishedPost();
      await store.setCount(postId, 'alice', 5, request(1));
      await store.setCount(postId, 'bob', 7, request(2));

      const unclapped = await store.setCount(postId, 'alice', 0, request(3));

      expect(unclapped).toEqual({ postId, memberId: 'alice', count: 0, version: 2, updatedAt: at(3) });
      expect(await totalsItem(postId)).toMatchObject({
        total: 7,
        clappers: 1,
        version: 3,
        lastChange: { memberId: 'alice', count: 0, memberVersion: 2, correlationId: 'request-3' },
      });
    });

    it('writes nothing when the member sets the count they already have', async () => {
      const postId = await publishedPost();
      await store.setCount(postId, 'alice', 5, request(1));

      const again = await store.setCount(postId, 'alice', 5, request(2));

      expect(again).toEqual({ postId, memberId: 'alice', count: 5, version: 1, updatedAt: at(1) });
      expect(await memberItem(postId, 'alice')).toMatchObject({ version: 1, updatedAt: at(1) });
      expect(await totalsItem(postId)).toMatchObject({
        total: 5,
        version: 1,
        updatedAt: at(1),
        lastChange: { correlationId: 'request-1' },
      });
    });

    it('writes nothing when a member who never clapped sets 0', async () => {
      const postId = await publishedPost();

      const claps = await store.setCount(postId, 'alice', 0, request(1));

      expect(claps).toEqual({ postId, memberId: 'alice', count: 0, version: 0, updatedAt: null });
      expect(await memberItem(postId, 'alice')).toBeUndefined();
      expect(await totalsItem(postId)).toEqual({
        postId,
        authorId: 'author-1',
        publishedAt: PUBLISHED_AT,
        total: 0,
        clappers: 0,
        version: 0,
      });
    });

    it('refuses a post that was never tracked with UnknownPostError, and writes nothing', async () => {
      const failure = await store.setCount('never-published', 'alice', 5, request(1)).catch((error) => error);

      expect(failure).toBeInstanceOf(UnknownPostError);
      expect((failure as Error).message).toContain('never-published');
      expect(await memberItem('never-published', 'alice')).toBeUndefined();
      expect(await totalsItem('never-published')).toBeUndefined();
    });
  });

  describe('track and isKnown', () => {
    it('tracks a post once: tracking it again answers false and changes nothing, claps included', async () => {
      const postId = await publishedPost();
      await store.setCount(postId, 'alice', 5, request(1));

      const again = await store.track({ postId, authorId: 'someone-else', publishedAt: at(9) });

      expect(again).toBe(false);
      expect(await totalsItem(postId)).toMatchObject({
        authorId: 'author-1',
        publishedAt: PUBLISHED_AT,
        total: 5,
        version: 1,
      });
    });

    it('answers true the first time a post is tracked', async () => {
      await expect(
        store.track({ postId: 'post-new', authorId: 'author-1', publishedAt: PUBLISHED_AT }),
      ).resolves.toBe(true);
    });

    it('knows a tracked post and not an unknown one', async () => {
      const postId = await publishedPost();

      await expect(store.isKnown(postId)).resolves.toBe(true);
      await expect(store.isKnown('never-published')).resolves.toBe(false);
    });
  });

  describe('under concurrency', () => {
    it('keeps the total equal to the count when 40 requests of one member race', async () => {
      const postId = await publishedPost();
      const counts = Array.from({ length: 40 }, (_, index) => index + 1);

      const results = await Promise.all(
        counts.map((count) => store.setCount(postId, 'alice', count, request(count))),
      );

      // Every count differs from every other, so each request committed exactly one change.
      expect(results.map((claps) => claps.version).sort((a, b) => a - b)).toEqual(counts);
      const last = results.find((claps) => claps.version === counts.length);
      const member = await store.getMember(postId, 'alice');
      expect(member).toEqual(last);
      expect(await totalsItem(postId)).toMatchObject({
        total: member.count,
        clappers: 1,
        version: counts.length,
        lastChange: {
          memberId: 'alice',
          count: member.count,
          memberVersion: counts.length,
          correlationId: `request-${member.count}`,
        },
      });
    });

    it('adds up the claps of many members clapping one post at once', async () => {
      const postId = await publishedPost();
      const members = Array.from({ length: 30 }, (_, index) => ({
        memberId: `member-${index}`,
        count: index + 1,
      }));

      await Promise.all(
        members.map(({ memberId, count }) => store.setCount(postId, memberId, count, request(count))),
      );

      const totals = await totalsItem(postId);
      expect(totals).toMatchObject({
        total: members.reduce((sum, { count }) => sum + count, 0),
        clappers: members.length,
        version: members.length,
      });
    });

    it('describes in the totals item the last change committed, and in each stream image its own', async () => {
      const postId = await publishedPost();
      const members = Array.from({ length: 30 }, (_, index) => ({
        memberId: `member-${index}`,
        count: index + 1,
      }));

      await Promise.all(
        members.map(({ memberId, count }) => store.setCount(postId, memberId, count, request(count))),
      );

      const changes = postRecords(await readTableStream(clients, TOTALS_TABLE), postId)
        .filter((record) => record.eventName === 'MODIFY')
        .map((record) => record.newImage);
      expect(changes.map((image) => image?.version)).toEqual(members.map((_, index) => index + 1));
      // Each member's change appears once, and each image's total is the running sum up to that change.
      expect(changes.map((image) => image?.lastChange?.memberId).sort()).toEqual(
        members.map(({ memberId }) => memberId).sort(),
      );
      let runningTotal = 0;
      for (const image of changes) {
        const count = Number(image?.lastChange?.memberId.replace('member-', '')) + 1;
        runningTotal += count;
        expect(image).toMatchObject({
          total: runningTotal,
          clappers: image?.version,
          lastChange: { count, memberVersion: 1, correlationId: `request-${count}` },
        });
      }
      expect(await totalsItem(postId)).toEqual(changes.at(-1));
    });

    it("gives a post's changes strictly increasing times, even when requests commit out of clock order", async () => {
      const postId = await publishedPost();
      // Later members carry earlier clocks, so most requests commit after one with a later time.
      const members = Array.from({ length: 30 }, (_, index) => ({
        memberId: `member-${index}`,
        count: 30 - index,
      }));

      await Promise.all(
        members.map(({ memberId, count }) => store.setCount(postId, memberId, 1, request(count))),
      );

      const changes = postRecords(await readTableStream(clients, TOTALS_TABLE), postId)
        .filter((record) => record.eventName === 'MODIFY')
        .map((record) => ({
          version: Number(record.newImage?.version),
          at: String(record.newImage?.updatedAt),
        }));
      expect(changes.map((change) => change.version)).toEqual(members.map((_, index) => index + 1));
      const times = changes.map((change) => change.at);
      expect(new Set(times).size).toBe(times.length);
      expect(times).toEqual([...times].sort());
      // No change is earlier than the latest clock among the requests committed before it (10:00:30 here).
      expect((times.at(-1) ?? '') >= at(30)).toBe(true);
    });

    it("moves a change whose clock is behind the post's last change to 1 ms after it, on the member too", async () => {
      const postId = await publishedPost();
      await store.setCount(postId, 'alice', 3, request(10));

      const bob = await store.setCount(postId, 'bob', 2, request(5));

      const oneMsLater = new Date(Date.parse(at(10)) + 1).toISOString();
      expect(bob.updatedAt).toBe(oneMsLater);
      expect(await memberItem(postId, 'bob')).toMatchObject({ count: 2, updatedAt: oneMsLater });
      expect(await totalsItem(postId)).toMatchObject({ total: 5, version: 2, updatedAt: oneMsLater });
      // A clock ahead of the last change is kept as it is.
      expect((await store.setCount(postId, 'carol', 1, request(20))).updatedAt).toBe(at(20));
    });

    it("streams one record per committed change, versions 1…n in order, each image a change's whole result", async () => {
      const postId = await publishedPost();
      const counts = Array.from({ length: 40 }, (_, index) => index + 1);
      await Promise.all(counts.map((count) => store.setCount(postId, 'alice', count, request(count))));
      await store.setCount(postId, 'alice', (await store.getMember(postId, 'alice')).count, request(99));

      const records = postRecords(await readTableStream(clients, TOTALS_TABLE), postId);

      expect(records.map((record) => record.eventName)).toEqual(['INSERT', ...counts.map(() => 'MODIFY')]);
      const changes = records.slice(1).map((record) => record.newImage);
      expect(changes.map((image) => image?.version)).toEqual(counts);
      for (const image of changes) {
        expect(image).toMatchObject({
          total: image?.lastChange?.count,
          clappers: 1,
          lastChange: { memberId: 'alice', memberVersion: image?.version },
        });
      }
      expect(changes.at(-1)).toEqual(await totalsItem(postId));
    });
  });
});
