import type { DeadLetter } from '../types';

/** S3 keys allow most characters, but these segments come from record data; keep them plain. */
const segment = (value: string): string => value.replace(/[^A-Za-z0-9._-]/g, '-') || 'unknown';

/**
 * The S3 key of a dead letter: `<prefix>/<yyyy>/<MM>/<dd>/<shardOrStream>/<sequenceNumber>.json`.
 *
 * The date is the record's arrival time (UTC), not the time of writing, so a redelivered record
 * overwrites its own letter instead of leaving a second copy under another day.
 *
 * @example
 * deadLetterKey('posts/claps-projection', letter);
 * // 'posts/claps-projection/2026/01/31/shardId-000000000000/49590338271490256608559692538361571095921575989136588898.json'
 */
export const deadLetterKey = (prefix: string, letter: DeadLetter): string => {
  const arrived = new Date(letter.record.approximateArrivalTime);
  const day = Number.isNaN(arrived.getTime())
    ? 'unknown-date'
    : arrived.toISOString().slice(0, 10).replaceAll('-', '/');
  const path = `${day}/${segment(letter.record.shardOrStream)}/${segment(letter.record.sequenceNumber)}.json`;
  const base = prefix.replace(/^\/+|\/+$/g, '');
  return base === '' ? path : `${base}/${path}`;
};
