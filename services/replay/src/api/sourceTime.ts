import type { SourcePosition } from '../sources/types';

/**
 * The time a source position stands for, in ms: the time index's last key (`<at>#<eventId>`), or the
 * start of the bucket it is about to read; the lake's arrival hour (`yyyy/MM/dd/HH`; an hour is read whole,
 * so its start). Undefined for positions without a time (a subject's history).
 *
 * @example
 * sourceTime({ bucket: '2026-02-01T10', after: '2026-02-01T10:15:00.000Z#e1' }); // 10:15
 */
export const sourceTime = (position: SourcePosition): number | undefined => {
  if (typeof position.after === 'string') {
    const at = Date.parse(position.after.split('#')[0] ?? '');
    if (!Number.isNaN(at)) return at;
  }
  if (typeof position.bucket === 'string') {
    // `{ bucket }` alone: everything before this bucket is done (yielded as the previous one ends).
    const start = Date.parse(`${position.bucket}:00:00.000Z`);
    if (!Number.isNaN(start)) return start;
  }
  if (typeof position.hour === 'string') {
    const [year, month, day, hour] = position.hour.split('/');
    const start = Date.parse(`${year}-${month}-${day}T${hour}:00:00.000Z`);
    if (!Number.isNaN(start)) return start;
  }
  return undefined;
};
