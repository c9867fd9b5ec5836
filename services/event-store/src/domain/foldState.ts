import type { Facet, Facets, StoredEvent } from './types';

/** Whether `candidate` supersedes `current`: a higher version, then (for a tie) the later time, then the id. */
const supersedes = (candidate: Facet, current: Facet | undefined): boolean => {
  if (!current) return true;
  if (candidate.version !== current.version) return candidate.version > current.version;
  if (candidate.occurredAt !== current.occurredAt) return candidate.occurredAt > current.occurredAt;
  return candidate.eventId > current.eventId;
};

/**
 * Folds events into an entity's state: per event type, the event with the highest version wins. Events
 * carry full state, so folding is "newest per type" — and it is order-independent, idempotent and
 * associative: `fold(fold(s, a), b) = fold(s, a ∪ b)` in any order, with duplicates. That is what makes a
 * snapshot plus the events after it equal to the fold of every event.
 *
 * @example
 * const facets = foldState({}, events); // { PostPublished: {...}, PostClapsTotalChanged: {...} }
 */
export const foldState = (initial: Facets, events: Iterable<StoredEvent>): Facets => {
  const facets: Facets = { ...initial };
  for (const event of events) {
    const candidate: Facet = {
      eventId: event.id,
      version: event.version,
      occurredAt: event.occurredAt,
      data: event.data,
    };
    if (supersedes(candidate, facets[event.type])) facets[event.type] = candidate;
  }
  return facets;
};
