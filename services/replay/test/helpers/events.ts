import { domainEvents } from '@kes/contracts';
import type { Envelope } from '@kes/envelope';

export const BASE = Date.parse('2026-02-01T10:00:00.000Z');

/** A time `seconds` after 2026-02-01T10:00:00Z, ISO. */
export const at = (seconds: number): string => new Date(BASE + seconds * 1000).toISOString();

/** PostClapsTotalChanged of `postId` at `version`, occurring `seconds` after the base time. */
export const totalChanged = (postId: string, version: number, seconds: number): Envelope =>
  domainEvents.create('PostClapsTotalChanged', {
    source: 'claps',
    subjectId: postId,
    version,
    occurredAt: at(seconds),
    correlationId: `request-${postId}-${version}`,
    data: { postId, total: version, clappers: 1, asOf: at(seconds) },
  }) as Envelope;

/** ClapsByMemberChanged of `postId` at `version`. */
export const memberChanged = (postId: string, version: number, seconds: number): Envelope =>
  domainEvents.create('ClapsByMemberChanged', {
    source: 'claps',
    subjectId: postId,
    version,
    occurredAt: at(seconds),
    correlationId: `request-${postId}-m${version}`,
    data: { postId, memberId: `member-${version}`, count: 1, memberVersion: 1 },
  }) as Envelope;

/**
 * `posts` posts × `perPost` events each, spread over `hours` hours, every post's events in time order
 * (alternating types), returned in global time order.
 */
export const history = (posts: number, perPost: number, hours: number): Envelope[] => {
  const events: Envelope[] = [];
  const step = (hours * 3600) / (posts * perPost);
  for (let n = 0; n < posts * perPost; n++) {
    const post = `post-${n % posts}`;
    const index = Math.floor(n / posts) + 1;
    const seconds = Math.floor(n * step);
    events.push(
      index % 4 === 0
        ? memberChanged(post, index / 4, seconds)
        : totalChanged(post, index - Math.floor(index / 4), seconds),
    );
  }
  return events;
};

/** The expected event ids per partition key, in time order (ties by id, as the time index sorts). */
export const expectedIdsByKey = (events: Envelope[]): Map<string, string[]> => {
  const sorted = [...events].sort((a, b) =>
    a.occurredAt === b.occurredAt ? (a.id < b.id ? -1 : 1) : a.occurredAt < b.occurredAt ? -1 : 1,
  );
  const keys = new Map<string, string[]>();
  for (const event of sorted)
    keys.set(event.partitionKey, [...(keys.get(event.partitionKey) ?? []), event.id]);
  return keys;
};
