import { createHash } from 'node:crypto';
import type { Subject } from '@kes/envelope';

/**
 * The table's keys, in one place. One table holds, per subject (entity):
 * - events: `pk = s#<subjectType>#<subjectId>`, `sk = e#<version, 12 digits>#<type>#<eventId>` — the history
 *   in version order (versions count per subject and event type, so type and id break ties);
 * - snapshots: same `pk`, `sk = snap#<asOf>`;
 * - a head item: same `pk`, `sk = head` (the latest snapshot time, and the ids of the snapshots being
 *   computed), and a touch item, `sk = touch` (a token an append replaces while a snapshot is in flight; a
 *   snapshot is written only if the token did not change while it was computed).
 *
 * Events also carry the keys of two indexes:
 * - LSI `bySubjectTime`: `atSk = <at>#<eventId>` — one subject's events in time order (state at T);
 * - GSI `byTime`: `tpk = t#<hour bucket>#<write shard>`, `tsk = <at>#<eventId>` — every event in time order,
 *   spread over `shards` partitions per hour so a burst of events with nearly the same time never lands
 *   on one partition (the moving hot partition of time-ordered keys).
 *
 * `at` is `occurredAt` normalised to UTC with milliseconds (`toISOString`), so strings sort as times even
 * when producers write offsets like `+02:00`.
 */
export const VERSION_DIGITS = 12;
export const HEAD_SK = 'head';
/** The item an append rewrites with a new token after storing its events while a snapshot is in flight. */
export const TOUCH_SK = 'touch';
/** The head's string set of the snapshots being computed (their intent ids; see SnapshotStore.announce). */
export const SNAPSHOTS_IN_FLIGHT = 'inflight';
export const EVENT_SK_PREFIX = 'e#';
export const SNAPSHOT_SK_PREFIX = 'snap#';
/** Sorts after every character of an event id, so `<at>#~` bounds every key of that instant. */
export const AFTER_INSTANT = '#~';

export const subjectPk = (subject: Subject): string => `s#${subject.type}#${subject.id}`;

export const eventSk = (event: { version: number; type: string; id: string }): string =>
  `${EVENT_SK_PREFIX}${String(event.version).padStart(VERSION_DIGITS, '0')}#${event.type}#${event.id}`;

export const snapshotSk = (asOf: string): string => `${SNAPSHOT_SK_PREFIX}${asOf}`;

/** The UTC, millisecond ISO form every stored time uses; throws on an unparseable time. */
export const normalizeTime = (time: string): string => {
  const millis = Date.parse(time);
  if (Number.isNaN(millis)) throw new RangeError(`not a time: ${time}`);
  return new Date(millis).toISOString();
};

/** The hour bucket of a normalised time: `2026-02-01T11`. */
export const hourBucket = (at: string): string => at.slice(0, 13);

/** The bucket after `bucket` (one hour later). */
export const nextBucket = (bucket: string): string =>
  hourBucket(new Date(Date.parse(`${bucket}:00:00.000Z`) + 3_600_000).toISOString());

/**
 * The write shard of an event, 0..shards-1: a hash of its id, so the same event always goes to the same
 * shard (a duplicate overwrites itself) and a burst spreads evenly whatever the ids look like.
 */
export const writeShard = (eventId: string, shards: number): number =>
  createHash('md5').update(eventId).digest().readUInt32BE(0) % shards;

export const timePk = (bucket: string, shard: number): string => `t#${bucket}#${shard}`;

export const timeSk = (at: string, eventId: string): string => `${at}#${eventId}`;

/** The earliest of some keys or normalised times (strings that sort as they should); undefined for none. */
export const earliest = (values: string[]): string | undefined =>
  values.length === 0 ? undefined : [...values].sort()[0];

/** The latest of some keys or normalised times; undefined for none. */
export const latest = (values: string[]): string | undefined =>
  values.length === 0 ? undefined : [...values].sort().at(-1);
