import { foldState } from '../../src/domain/foldState';
import type { StoredEvent } from '../../src/domain/types';
import { memberChanged, published, shuffled, totalChanged } from '../helpers/events';

const history: StoredEvent[] = [
  published('p1', 0),
  ...Array.from({ length: 30 }, (_, n) => memberChanged('p1', n + 1, 10 + 2 * n)),
  ...Array.from({ length: 30 }, (_, n) => totalChanged('p1', n + 1, 11 + 2 * n)),
];
const upTo = (time: string) => history.filter((event) => event.occurredAt <= time);
const time = (event: StoredEvent | undefined) => event?.occurredAt ?? '';

describe('foldState', () => {
  it('keeps, per event type, the event with the highest version', () => {
    const facets = foldState({}, history);

    expect(Object.keys(facets).sort()).toEqual([
      'ClapsByMemberChanged',
      'PostClapsTotalChanged',
      'PostPublished',
    ]);
    expect(facets.PostClapsTotalChanged).toMatchObject({ version: 30, data: { total: 30 } });
    expect(facets.PostPublished).toMatchObject({ version: 1, data: { title: 'A post' } });
  });

  it('gives the same state whatever the order and however many duplicates', () => {
    expect(foldState({}, shuffled([...history, ...history.slice(5, 25)]))).toEqual(foldState({}, history));
  });

  it.each([5, 17, 40, 61])(
    'a snapshot after %i events plus the events after it equals the fold of every event up to T',
    (snapshotIndex) => {
      const snapshotAt = time(history[snapshotIndex - 1]);
      const t = time(history[Math.min(history.length - 1, snapshotIndex + 12)]);
      const snapshot = foldState({}, upTo(snapshotAt));

      const fromSnapshot = foldState(
        snapshot,
        history.filter((event) => event.occurredAt > snapshotAt && event.occurredAt <= t),
      );

      expect(fromSnapshot).toEqual(foldState({}, upTo(t)));
    },
  );

  it('does not change the initial state it is given', () => {
    const initial = foldState({}, history.slice(0, 3));
    const copy = structuredClone(initial);

    foldState(initial, history);

    expect(initial).toEqual(copy);
  });
});
