import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { compareTables } from '../../scripts/demos/rebuildPosts/compareTables';
import { type RebuildReport, rebuildAndCompare } from '../../scripts/demos/rebuildPosts/rebuildAndCompare';
import { waitForEventStore } from '../../scripts/demos/rebuildPosts/waitForEventStore';
import { exclusive } from './helpers/exclusive';
import { System, waitFor } from './helpers/system';

const system = System.shared();

interface PostView {
  claps?: number;
  clappers?: number;
}

/** The core of `npm run demo -- rebuild-posts` (without the CLI and its own cloud) on three posts. */
describe('rebuild-posts: the posts read model rebuilt from the event store', () => {
  const from = new Date(Date.now() - 60_000).toISOString();
  const liveTable = system.name('posts-claps');
  const postIds: string[] = [];
  let report: RebuildReport;

  beforeAll(async () => {
    for (const author of ['rebuild-a', 'rebuild-b', 'rebuild-c'])
      postIds.push(await system.createClappablePost(author));
    const [first, second, third] = postIds as [string, string, string];
    const clap = (postId: string, memberId: string, count: number) =>
      count === 0
        ? system.call('DELETE', `/posts/${postId}/claps`, { memberId })
        : system.call('PUT', `/posts/${postId}/claps`, { memberId, body: { count } });
    await clap(first, 'rb-alice', 5);
    await clap(first, 'rb-bob', 7);
    await clap(first, 'rb-alice', 9); // a member changing their count
    await clap(second, 'rb-carol', 3);
    await clap(third, 'rb-dan', 4);
    await clap(third, 'rb-dan', 0); // an unclap: the total goes back to 0
    const expected = new Map([
      [first, { claps: 16, clappers: 2 }],
      [second, { claps: 3, clappers: 1 }],
      [third, { claps: 0, clappers: 0 }],
    ]);
    await waitFor(async () => {
      const views = await Promise.all(postIds.map((id) => system.call<PostView>('GET', `/posts/${id}`)));
      return views.every(
        (view, index) =>
          view.body.claps === expected.get(postIds[index] as string)?.claps &&
          view.body.clappers === expected.get(postIds[index] as string)?.clappers,
      );
    }, 'the live read model shows every clap');
    const behind = await waitForEventStore(
      (path) => system.call('GET', path, { scopes: 'kes/events.read' }),
      system.clients.documents,
      liveTable,
      postIds,
      60_000,
    );
    expect(behind).toEqual([]);

    // The replay test writes the same replay stream and reads it whole: take turns. (The rebuild waits for
    // its own job's last records, so the other job's records before them do not end its wait early.)
    report = await exclusive(system.coordinates.dataDir, 'replay-stream', () =>
      rebuildAndCompare({
        env: system.coordinates.env,
        stage: system.coordinates.stage,
        from,
        to: new Date(Date.now() + 60_000).toISOString(),
        postIds,
        keep: true,
      }),
    );
  });

  afterAll(async () => {
    if (report?.rebuiltTable)
      await system.clients.dynamodb.send(new DeleteTableCommand({ TableName: report.rebuiltTable }));
  });

  it('equals the live read model item by item, every total replayed and projected by projectClaps', () => {
    expect(report.comparison).toMatchObject({
      same: true,
      live: 3,
      rebuilt: 3,
      equal: 3,
      differing: [],
      missing: [],
      extra: [],
    });
    expect(report.replay.sent).toBeGreaterThanOrEqual(3);
    expect(report.projection).toMatchObject({ records: report.replay.sent, discarded: 0 });
    expect(report.rebuiltTable).toMatch(/^kes-local-posts-rebuild-\d{8}T\d{6}Z$/);
  });

  it('reports a deliberately corrupted rebuilt item, and a missing one, as differences', async () => {
    const [first, second] = postIds as [string, string];
    await system.clients.documents.send(
      new UpdateCommand({
        TableName: report.rebuiltTable,
        Key: { postId: first },
        UpdateExpression: 'SET claps = :wrong',
        ExpressionAttributeValues: { ':wrong': 17 },
      }),
    );
    await system.clients.documents.send(
      new DeleteCommand({ TableName: report.rebuiltTable, Key: { postId: second } }),
    );

    const comparison = await compareTables(system.clients.documents, {
      liveTable,
      rebuiltTable: report.rebuiltTable,
      key: 'postId',
      only: new Set(postIds),
    });

    expect(comparison.same).toBe(false);
    expect(comparison.differing).toEqual([
      { key: first, fields: [{ field: 'claps', live: 16, rebuilt: 17 }] },
    ]);
    expect(comparison.missing).toEqual([second]);
    expect(comparison).toMatchObject({ live: 3, rebuilt: 2, equal: 1 });
  });
});
