import { randomUUID } from 'node:crypto';
import type { Subject } from '@kes/envelope';
import { foldState } from '../domain/foldState';
import type { EntityState, Snapshot, StoredEvent } from '../domain/types';
import type { EventStore } from './EventStore';
import { earliest, latest } from './keys';
import type { SnapshotStore } from './SnapshotStore';

export interface EntityStatesOptions {
  /** A snapshot is taken when a stored event's version is a multiple of this. Default 100; 0 = never. */
  snapshotEvery?: number;
  /** Attempts to write a snapshot while appends keep racing it. Default 5. */
  snapshotAttempts?: number;
  now?: () => Date;
}

export const DEFAULT_SNAPSHOT_EVERY = 100;

/** What appending a subject's events did to its snapshots. */
export interface AfterAppendOutcome {
  invalidated: number;
  taken: string[];
}

/**
 * The state of entities at any time: the newest snapshot at or before it plus the events after it,
 * folded (foldState). Keeps snapshots every `snapshotEvery` versions and correct when events arrive late.
 *
 * @example
 * const state = await states.stateAt({ type: 'post', id: 'p1' }, '2026-02-01T12:00:00.000Z');
 */
export class EntityStates {
  readonly #events: EventStore;
  readonly #snapshots: SnapshotStore;
  readonly #snapshotEvery: number;
  readonly #snapshotAttempts: number;
  readonly #now: () => Date;

  public constructor(events: EventStore, snapshots: SnapshotStore, options: EntityStatesOptions = {}) {
    const { snapshotEvery = DEFAULT_SNAPSHOT_EVERY, snapshotAttempts = 5, now = () => new Date() } = options;
    if (!Number.isInteger(snapshotEvery) || snapshotEvery < 0) {
      throw new RangeError(`snapshotEvery must be a non-negative integer, got ${snapshotEvery}`);
    }
    this.#events = events;
    this.#snapshots = snapshots;
    this.#snapshotEvery = snapshotEvery;
    this.#snapshotAttempts = snapshotAttempts;
    this.#now = now;
  }

  /** The state of `subject` at `at` (a normalised time), or undefined when it had no event by then. */
  public async stateAt(subject: Subject, at: string): Promise<EntityState | undefined> {
    const snapshot = await this.#snapshots.latestAtOrBefore(subject, at);
    const after = await this.#events.subjectEventsBetween(subject, snapshot?.asOf, at);
    const facets = foldState(snapshot?.facets ?? {}, after);
    const times = Object.values(facets).map((facet) => new Date(facet.occurredAt).toISOString());
    if (times.length === 0) return undefined;
    return {
      subject,
      at,
      facets,
      lastEventAt: latest(times) ?? at,
      eventCount: (snapshot?.eventCount ?? 0) + after.length,
      fromSnapshot: snapshot?.asOf ?? null,
      eventsAfterSnapshot: after.length,
    };
  }

  /**
   * Takes a snapshot of `subject` at `asOf` (a normalised time). It is announced on the subject's head
   * first and written only if no append raced it (see SnapshotStore.announce and putIfUnchanged), else
   * computed again. Undefined when there is nothing to snapshot (no event by then).
   */
  public async takeSnapshot(subject: Subject, asOf: string): Promise<Snapshot | undefined> {
    const intent = randomUUID();
    await this.#snapshots.announce(subject, intent);
    let written = false;
    try {
      for (let attempt = 1; attempt <= this.#snapshotAttempts; attempt++) {
        const guard = await this.#events.snapshotGuard(subject);
        const state = await this.stateAt(subject, asOf);
        if (!state) return undefined;
        const snapshot: Snapshot = {
          subject,
          asOf,
          facets: state.facets,
          eventCount: state.eventCount,
          createdAt: this.#now().toISOString(),
        };
        written = await this.#snapshots.putIfUnchanged(snapshot, guard, intent);
        if (written) return snapshot;
      }
      throw new Error(
        `snapshot of ${subject.type} ${subject.id} at ${asOf}: appends raced it ${this.#snapshotAttempts} times`,
      );
    } finally {
      // A written snapshot withdrew its intent in its own transaction.
      if (!written) await this.#snapshots.withdraw(subject, intent);
    }
  }

  /**
   * To call after a subject's events are stored: deletes the snapshots an event older than them made
   * stale, and takes the snapshots due (a version that is a multiple of `snapshotEvery`). It reads the
   * subject's head (after storing, so a snapshot announced later reads the events); only while a snapshot
   * is in flight does it replace the touch token — which makes that snapshot's write fail if it missed
   * the events — and read the head again, to catch a snapshot written just before the touch. Reads and
   * touches coalesce with other subjects' into shared batch calls.
   */
  public async afterAppend(subject: Subject, events: StoredEvent[]): Promise<AfterAppendOutcome> {
    if (events.length === 0) return { invalidated: 0, taken: [] };
    let head = await this.#events.head(subject);
    if (head.snapshotsInFlight > 0) {
      await this.#events.touch([subject]);
      head = await this.#events.head(subject);
    }
    const { latestSnapshotAt } = head;
    const times = events.map((event) => new Date(event.occurredAt).toISOString());
    const first = earliest(times) ?? '';
    const invalidated =
      latestSnapshotAt && first <= latestSnapshotAt ? await this.#snapshots.deleteFrom(subject, first) : 0;
    const due =
      this.#snapshotEvery === 0
        ? []
        : [
            ...new Set(
              events
                .filter((event) => event.version % this.#snapshotEvery === 0)
                .map((event) => new Date(event.occurredAt).toISOString()),
            ),
          ].sort();
    const taken: string[] = [];
    for (const asOf of due) if (await this.takeSnapshot(subject, asOf)) taken.push(asOf);
    return { invalidated, taken };
  }
}
