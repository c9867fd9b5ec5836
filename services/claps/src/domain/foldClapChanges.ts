import { type ClapsEvent, clapsEvents } from '@kes/contracts';

/** A post's claps as the claps service keeps them: the fold of every member change applied so far. */
export interface ClapsTotal {
  postId: string;
  total: number;
  clappers: number;
  /** Per-post version: one more for every member change folded in. */
  version: number;
  /** Sequence number (members-table stream) of the last change folded in; "0" before the first. */
  foldedSequence: string;
  /** When the newest change folded in was accepted. */
  asOf: string | null;
}

/** One member's claps on the post changed (a members-table stream record, old and new image). */
export interface MemberChange {
  memberId: string;
  oldCount: number;
  newCount: number;
  memberVersion: number;
  updatedAt: string;
  correlationId: string;
  sequenceNumber: string;
}

export interface Fold {
  /** The state after the changes; equal to the input when nothing was new. */
  next: ClapsTotal;
  /** The changes that were not folded in before (later than `foldedSequence`). */
  applied: MemberChange[];
  /** What to publish, in order: one ClapsByMemberChanged per change, then the post's new total. */
  events: ClapsEvent[];
}

const SOURCE = 'claps';

/** Stream sequence numbers are decimal strings of varying length: compare them as integers. */
const isAfter = (sequence: string, than: string): boolean => BigInt(sequence) > BigInt(than);

/**
 * Folds a post's member changes (in stream order) into its claps total and derives the full-state events.
 *
 * Pure and deterministic: the same state and changes give the same events with the same versions and
 * ids, so a publisher that crashed after publishing but before committing publishes the very same
 * events again (duplicates consumers ignore), and changes already folded in (sequence number not after
 * `foldedSequence`) are skipped, so a redelivered batch changes nothing.
 *
 * @example
 * const { next, events } = foldClapChanges(total, changes);
 * await publish(events);       // ClapsByMemberChanged…, PostClapsTotalChanged
 * await commit(total, next);   // conditional on total.version
 */
export const foldClapChanges = (current: ClapsTotal, changes: MemberChange[]): Fold => {
  const applied = changes.filter((change) => isAfter(change.sequenceNumber, current.foldedSequence));
  if (applied.length === 0) return { next: current, applied, events: [] };
  const next = { ...current };
  const events: ClapsEvent[] = [];
  for (const change of applied) {
    next.total += change.newCount - change.oldCount;
    next.clappers += Number(change.newCount > 0) - Number(change.oldCount > 0);
    next.version += 1;
    next.foldedSequence = change.sequenceNumber;
    if (next.asOf === null || change.updatedAt > next.asOf) next.asOf = change.updatedAt;
    events.push(
      clapsEvents.create('ClapsByMemberChanged', {
        source: SOURCE,
        subjectId: current.postId,
        version: next.version,
        occurredAt: change.updatedAt,
        correlationId: change.correlationId,
        data: {
          postId: current.postId,
          memberId: change.memberId,
          count: change.newCount,
          memberVersion: change.memberVersion,
        },
      }),
    );
  }
  const last = applied.at(-1) as MemberChange;
  events.push(
    clapsEvents.create('PostClapsTotalChanged', {
      source: SOURCE,
      subjectId: current.postId,
      version: next.version,
      occurredAt: next.asOf ?? last.updatedAt,
      correlationId: last.correlationId,
      data: {
        postId: current.postId,
        total: next.total,
        clappers: next.clappers,
        asOf: next.asOf ?? last.updatedAt,
      },
    }),
  );
  return { next, applied, events };
};

/** The state of a post with no claps yet. */
export const emptyTotal = (postId: string): ClapsTotal => ({
  postId,
  total: 0,
  clappers: 0,
  version: 0,
  foldedSequence: '0',
  asOf: null,
});
