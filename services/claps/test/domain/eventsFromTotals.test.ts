import { clapsEvents } from '@kes/contracts';
import { eventIdFor } from '@kes/envelope';
import { eventsFromTotals } from '../../src/domain/eventsFromTotals';
import { committedAt, imageAt, requestOf, totalsHistory, trackedImage } from '../helpers/totalsImages';

const POST = 'post-1';
const subject = { type: 'post', id: POST };
/** alice claps 5, bob claps 3, alice raises to 8, bob unclaps. */
const history = totalsHistory(POST, [
  ['alice', 5],
  ['bob', 3],
  ['alice', 8],
  ['bob', 0],
]);

const summary = (images = history) =>
  eventsFromTotals(images).map((event) => `${event.type} v${event.version}`);

describe('eventsFromTotals', () => {
  it("turns one change into the member's new count and the post's total, both at the post's version", () => {
    const events = eventsFromTotals([imageAt(history, 1)]);

    expect(events).toEqual([
      {
        id: eventIdFor('ClapsByMemberChanged', subject, 1),
        type: 'ClapsByMemberChanged',
        source: 'claps',
        subject,
        partitionKey: POST,
        version: 1,
        occurredAt: committedAt(1),
        schemaVersion: 1,
        correlationId: requestOf(POST, 1),
        causationId: null,
        data: { postId: POST, memberId: 'alice', count: 5, memberVersion: 1 },
      },
      {
        id: eventIdFor('PostClapsTotalChanged', subject, 1),
        type: 'PostClapsTotalChanged',
        source: 'claps',
        subject,
        partitionKey: POST,
        version: 1,
        occurredAt: committedAt(1),
        schemaVersion: 1,
        correlationId: requestOf(POST, 1),
        causationId: null,
        data: { postId: POST, total: 5, clappers: 1, asOf: committedAt(1) },
      },
    ]);
  });

  it('publishes every change of a batch in version order, then one total with the newest state', () => {
    const events = eventsFromTotals(history);

    expect(summary()).toEqual([
      'ClapsByMemberChanged v1',
      'ClapsByMemberChanged v2',
      'ClapsByMemberChanged v3',
      'ClapsByMemberChanged v4',
      'PostClapsTotalChanged v4',
    ]);
    expect(events.map((event) => event.data)).toEqual([
      { postId: POST, memberId: 'alice', count: 5, memberVersion: 1 },
      { postId: POST, memberId: 'bob', count: 3, memberVersion: 1 },
      { postId: POST, memberId: 'alice', count: 8, memberVersion: 2 },
      { postId: POST, memberId: 'bob', count: 0, memberVersion: 2 },
      { postId: POST, total: 8, clappers: 1, asOf: committedAt(4) },
    ]);
    expect(events.map((event) => event.occurredAt)).toEqual([1, 2, 3, 4, 4].map(committedAt));
    expect(events.map((event) => event.correlationId)).toEqual(
      [1, 2, 3, 4, 4].map((version) => requestOf(POST, version)),
    );
  });

  it('orders images that arrive out of order by their version', () => {
    const shuffled = [3, 1, 4, 2].map((version) => imageAt(history, version));

    const events = eventsFromTotals(shuffled);

    expect(events).toEqual(eventsFromTotals(history));
    expect(events.map((event) => event.version)).toEqual([1, 2, 3, 4, 4]);
  });

  it('leaves the images it was given in their order', () => {
    const shuffled = [3, 1, 2].map((version) => imageAt(history, version));

    eventsFromTotals(shuffled);

    expect(shuffled.map((image) => image.version)).toEqual([3, 1, 2]);
  });

  it('yields nothing for a post that was only tracked (version 0)', () => {
    expect(eventsFromTotals([trackedImage(POST)])).toEqual([]);
  });

  it('yields nothing for no images', () => {
    expect(eventsFromTotals([])).toEqual([]);
  });

  it('ignores a version-0 image among changes', () => {
    const events = eventsFromTotals([trackedImage(POST), imageAt(history, 1), imageAt(history, 2)]);

    expect(events).toEqual(eventsFromTotals([imageAt(history, 1), imageAt(history, 2)]));
  });

  it('ignores an image that records no change', () => {
    const { lastChange: _, ...withoutChange } = imageAt(history, 2);

    expect(summary([imageAt(history, 1), withoutChange])).toEqual([
      'ClapsByMemberChanged v1',
      'PostClapsTotalChanged v1',
    ]);
  });

  it('yields identical events, ids included, for the same images', () => {
    const first = eventsFromTotals(history);
    const second = eventsFromTotals(
      totalsHistory(POST, [
        ['alice', 5],
        ['bob', 3],
        ['alice', 8],
        ['bob', 0],
      ]),
    );

    expect(second).toEqual(first);
    expect(new Set(first.map((event) => event.id)).size).toBe(first.length);
  });

  it('gives a redelivered record the same event ids as its first delivery', () => {
    const firstBatch = eventsFromTotals([imageAt(history, 1), imageAt(history, 2)]);
    const redelivered = eventsFromTotals([imageAt(history, 2), imageAt(history, 3)]);

    const memberChangeAt = (events: typeof firstBatch, version: number) =>
      events.find((event) => event.type === 'ClapsByMemberChanged' && event.version === version);
    expect(memberChangeAt(redelivered, 2)).toEqual(memberChangeAt(firstBatch, 2));
    expect(eventsFromTotals([imageAt(history, 2)])).toEqual(firstBatch.slice(1));
  });

  it('gives different posts at the same version different event ids', () => {
    const [onePost] = eventsFromTotals(totalsHistory('post-1', [['alice', 1]]));
    const [otherPost] = eventsFromTotals(totalsHistory('post-2', [['alice', 1]]));

    expect(onePost?.id).not.toBe(otherPost?.id);
  });

  it('makes events that the claps contracts accept, at the bounds of a count', () => {
    const bounds = totalsHistory(POST, [
      ['alice', 50],
      ['bob', 1],
      ['alice', 0],
    ]);

    const events = eventsFromTotals(bounds);

    expect(events).toHaveLength(4);
    for (const event of events) {
      const decoded = clapsEvents.decode(clapsEvents.encode(event));
      expect(decoded).toEqual({ ok: true, event });
    }
  });
});
