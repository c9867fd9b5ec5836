import type { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredEvent } from '../../src/domain/types';
import { EventStore } from '../../src/store/EventStore';
import { normalizeTime, timeSk } from '../../src/store/keys';
import { type MergePosition, TimeRangeReader } from '../../src/store/TimeRangeReader';
import { memberChanged, shuffled, totalChanged } from '../helpers/events';

/**
 * A fake of the time index's Query (BETWEEN on the sort key, a filter on `type`, `Limit` counting items
 * evaluated before the filter, LastEvaluatedKey when the limit stopped it), enough to exercise the merge.
 */
const fakeTimeIndex = (items: Record<string, unknown>[]) => {
  const calls: string[] = [];
  const send = async (command: QueryCommand) => {
    const input = command.input;
    const values = input.ExpressionAttributeValues as Record<string, string>;
    calls.push(values[':tpk'] ?? '');
    const partition = items
      .filter((item) => item.tpk === values[':tpk'])
      .filter(
        (item) =>
          String(item.tsk) >= (values[':lower'] ?? '') && String(item.tsk) <= (values[':upper'] ?? ''),
      )
      .sort((a, b) => (String(a.tsk) < String(b.tsk) ? -1 : 1));
    const evaluated = partition.slice(0, input.Limit);
    const last = evaluated.at(-1);
    return {
      Items: evaluated.filter((item) => !values[':type'] || item.type === values[':type']),
      ...(input.Limit !== undefined && evaluated.length === input.Limit && last
        ? { LastEvaluatedKey: { tpk: last.tpk, tsk: last.tsk, pk: last.pk, sk: last.sk } }
        : {}),
    };
  };
  return { documents: { send } as unknown as DynamoDBDocumentClient, calls };
};

const orderOf = (event: StoredEvent) => timeSk(normalizeTime(event.occurredAt), event.id);

/** Reads every page, returning the events in the order the pages gave them. */
const readAll = async (
  reader: TimeRangeReader,
  query: { from: string; to: string; type?: string; limit: number },
) => {
  const events: StoredEvent[] = [];
  let position: MergePosition | undefined;
  let pages = 0;
  do {
    const page = await reader.page({ ...query, ...(position ? { position } : {}) });
    events.push(...page.events);
    expect(page.events.length).toBeLessThanOrEqual(query.limit);
    position = page.position;
    pages++;
  } while (position && pages < 1_000);
  return { events, pages };
};

describe('TimeRangeReader: a time range merged across write shards', () => {
  // A burst: 300 events in the same few seconds, two types, plus events an hour and a day later.
  const burst = [
    ...Array.from({ length: 150 }, (_, n) => totalChanged(`p${n % 20}`, n + 1, n % 3)),
    ...Array.from({ length: 150 }, (_, n) => memberChanged(`p${n % 20}`, n + 1, n % 3)),
  ];
  const later = [
    totalChanged('q1', 1, 3_600 + 5),
    memberChanged('q1', 1, 3_600 + 6),
    totalChanged('q2', 1, 86_400 + 1),
  ];
  const all = [...burst, ...later];

  const setUp = (shards: number) => {
    const fake = fakeTimeIndex([]);
    const store = new EventStore(fake.documents, { table: 'events', timeShards: shards });
    const indexed = fakeTimeIndex(shuffled(all).map((event) => store.itemOf(event)));
    return {
      reader: new TimeRangeReader(new EventStore(indexed.documents, { table: 'events', timeShards: shards })),
      indexed,
    };
  };

  it.each([1, 3, 7, 50])(
    'returns every event of the range once, in time order, with pages of %i',
    async (limit) => {
      const { reader } = setUp(4);
      const from = '2026-02-01T11:00:00.000Z';
      const to = '2026-02-02T11:00:00.000Z';

      const { events } = await readAll(reader, { from, to, limit });

      const expected = all
        .filter((e) => e.occurredAt >= from && e.occurredAt < to)
        .sort((a, b) => (orderOf(a) < orderOf(b) ? -1 : 1));
      expect(events.map(orderOf)).toEqual(expected.map(orderOf));
    },
  );

  it('keeps the order and completeness with a type filter (pages cut by the filter)', async () => {
    const { reader } = setUp(8);

    const { events } = await readAll(reader, {
      from: '2026-02-01T11:00:00.000Z',
      to: '2026-02-03T00:00:00.000Z',
      type: 'ClapsByMemberChanged',
      limit: 4,
    });

    const expected = all
      .filter((e) => e.type === 'ClapsByMemberChanged')
      .sort((a, b) => (orderOf(a) < orderOf(b) ? -1 : 1));
    expect(events.map(orderOf)).toEqual(expected.map(orderOf));
  });

  it('treats from as inclusive and to as exclusive', async () => {
    const { reader } = setUp(4);

    const { events } = await readAll(reader, {
      from: '2026-02-01T11:00:01.000Z',
      to: '2026-02-01T11:00:02.000Z',
      limit: 100,
    });

    expect(events.length).toBe(100);
    expect(events.every((event) => event.occurredAt === '2026-02-01T11:00:01.000Z')).toBe(true);
  });

  it('queries every write shard of each hour it crosses', async () => {
    const { reader, indexed } = setUp(4);

    await reader.page({ from: '2026-02-01T12:00:00.000Z', to: '2026-02-01T13:00:00.000Z', limit: 10 });

    expect(new Set(indexed.calls)).toEqual(new Set([0, 1, 2, 3].map((shard) => `t#2026-02-01T12#${shard}`)));
  });
});
