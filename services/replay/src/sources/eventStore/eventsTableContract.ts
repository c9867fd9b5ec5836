/**
 * The parts of the event store's table this service reads — its **documented contract**
 * (services/event-store/README.md, "Table design"), restated here because services share no code
 * (decision 0021). If the event store changes its keys, this file and that README change together.
 *
 * - an event item: `pk = s#<subjectType>#<subjectId>`, `sk = e#<version, 12 digits>#<type>#<eventId>`,
 *   attributes `type`, `at` (occurredAt normalised to UTC with ms) and `event` (the envelope as produced);
 * - GSI `byTime`: `tpk = t#<hour bucket: yyyy-MM-ddTHH>#<write shard 0..N-1>`, `tsk = <at>#<eventId>`;
 *   N is the store's `timeIndexShards` (8 by default; it only ever grows).
 */
export const TIME_INDEX = 'byTime';
export const EVENT_SK_PREFIX = 'e#';
/** Sorts after every event key and before `head`, `snap#…`, `touch`. */
export const EVENTS_END = 'e$';
export const DEFAULT_TIME_INDEX_SHARDS = 8;

export const subjectPk = (subject: { type: string; id: string }): string => `s#${subject.type}#${subject.id}`;

export const timePk = (bucket: string, shard: number): string => `t#${bucket}#${shard}`;

/** The UTC, millisecond ISO form of a time, as the store keys it. */
export const normalizeTime = (time: string): string => new Date(Date.parse(time)).toISOString();

/** The hour bucket of a normalised time: `2026-02-01T11`. */
export const hourBucket = (at: string): string => at.slice(0, 13);

/** The bucket one hour after `bucket`. */
export const nextBucket = (bucket: string): string =>
  hourBucket(new Date(Date.parse(`${bucket}:00:00.000Z`) + 3_600_000).toISOString());
