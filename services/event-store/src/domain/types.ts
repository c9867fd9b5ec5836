import type { Envelope, Subject } from '@kes/envelope';

/** An event as the store keeps and returns it: the envelope as produced. */
export type StoredEvent = Envelope;

/**
 * The newest event of one type for a subject: events carry the full state of what their type describes
 * (a post as published, a post's claps total…), so this is that part of the entity's state.
 */
export interface Facet {
  eventId: string;
  version: number;
  occurredAt: string;
  data: unknown;
}

/** An entity's state: the newest facet per event type. */
export type Facets = Record<string, Facet>;

/** A stored snapshot: the state of a subject folded from every event with `occurredAt` ≤ `asOf`. */
export interface Snapshot {
  subject: Subject;
  /** Normalised (UTC, ms) time the snapshot is the state at. */
  asOf: string;
  facets: Facets;
  /** How many events the state was folded from. */
  eventCount: number;
  /** When the snapshot was written. */
  createdAt: string;
}

/** The state of an entity at a time, and how it was computed. */
export interface EntityState {
  subject: Subject;
  at: string;
  facets: Facets;
  /** The time of the newest event folded in (≤ `at`). */
  lastEventAt: string;
  eventCount: number;
  /** The snapshot the fold started from, or null when it started from nothing. */
  fromSnapshot: string | null;
  /** Events read after the snapshot. */
  eventsAfterSnapshot: number;
}
