import { domainEvents } from '@kes/contracts';
import type { StoredEvent } from '../../src/domain/types';

const BASE = Date.parse('2026-02-01T11:00:00.000Z');

/** A time `seconds` after 2026-02-01T11:00:00Z, ISO. */
export const at = (seconds: number): string => new Date(BASE + seconds * 1000).toISOString();

/** PostClapsTotalChanged of `postId` at `version`, occurring `seconds` after the base time. */
export const totalChanged = (
  postId: string,
  version: number,
  seconds = version,
  total = version,
): StoredEvent =>
  domainEvents.create('PostClapsTotalChanged', {
    source: 'claps',
    subjectId: postId,
    version,
    occurredAt: at(seconds),
    correlationId: `request-${version}`,
    data: { postId, total, clappers: 1, asOf: at(seconds) },
  });

/** ClapsByMemberChanged of `postId` at `version`. */
export const memberChanged = (postId: string, version: number, seconds = version, count = 1): StoredEvent =>
  domainEvents.create('ClapsByMemberChanged', {
    source: 'claps',
    subjectId: postId,
    version,
    occurredAt: at(seconds),
    correlationId: `request-${version}`,
    data: { postId, memberId: `member-${version}`, count, memberVersion: 1 },
  });

/** PostPublished of `postId` (version 1). */
export const published = (postId: string, seconds = 0): StoredEvent =>
  domainEvents.create('PostPublished', {
    source: 'posts',
    subjectId: postId,
    version: 1,
    occurredAt: at(seconds),
    correlationId: `publish-${postId}`,
    data: { postId, authorId: 'author-1', title: 'A post', body: 'Text', createdAt: at(seconds) },
  });

/** A deterministic shuffle (Fisher–Yates with a seeded LCG), so failures reproduce. */
export const shuffled = <T>(items: T[], seed = 42): T[] => {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
};
