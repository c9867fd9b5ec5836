import { type ClapsEvent, clapsEvents } from '@kes/contracts';

/** A totals-table item as its stream delivers it (NEW_IMAGE). */
export interface TotalsImage {
  postId: string;
  total: number;
  clappers: number;
  version: number;
  updatedAt?: string;
  lastChange?: { memberId: string; count: number; memberVersion: number; correlationId: string };
}

const SOURCE = 'claps';

/**
 * The events a post's totals-table changes stand for, in order: one ClapsByMemberChanged per change
 * (version = the post's version after it), then one PostClapsTotalChanged with the newest state —
 * earlier totals in the same batch are superseded full states, so they are not published.
 *
 * Pure and deterministic: a redelivered record yields the same events with the same ids, which
 * consumers ignore as duplicates. Images without a change (version 0: the post was just tracked) yield
 * nothing.
 *
 * @example
 * const events = eventsFromTotals(images); // [ClapsByMemberChanged v7, ClapsByMemberChanged v8, PostClapsTotalChanged v8]
 */
export const eventsFromTotals = (images: TotalsImage[]): ClapsEvent[] => {
  const changes = images
    .filter(
      (image): image is TotalsImage & Required<Pick<TotalsImage, 'lastChange' | 'updatedAt'>> =>
        image.version > 0 && image.lastChange !== undefined && image.updatedAt !== undefined,
    )
    .sort((a, b) => a.version - b.version);
  const newest = changes.at(-1);
  if (!newest) return [];
  const events: ClapsEvent[] = changes.map((image) =>
    clapsEvents.create('ClapsByMemberChanged', {
      source: SOURCE,
      subjectId: image.postId,
      version: image.version,
      occurredAt: image.updatedAt,
      correlationId: image.lastChange.correlationId,
      data: {
        postId: image.postId,
        memberId: image.lastChange.memberId,
        count: image.lastChange.count,
        memberVersion: image.lastChange.memberVersion,
      },
    }),
  );
  events.push(
    clapsEvents.create('PostClapsTotalChanged', {
      source: SOURCE,
      subjectId: newest.postId,
      version: newest.version,
      occurredAt: newest.updatedAt,
      correlationId: newest.lastChange.correlationId,
      data: { postId: newest.postId, total: newest.total, clappers: newest.clappers, asOf: newest.updatedAt },
    }),
  );
  return events;
};
