import { createHash } from 'node:crypto';
import { badRequest } from '@kes/http-api';
import { z } from 'zod';

/** Where a history page stopped: the sort key of its last event. */
const historyCursorSchema = z.strictObject({
  m: z.literal('h'),
  q: z.string(),
  sk: z.string().min(1).max(1024),
});
/** Where a time-range page stopped: the merge position (hour bucket, last time-index key seen). */
const timeCursorSchema = z.strictObject({
  m: z.literal('t'),
  q: z.string(),
  b: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
  a: z.string().min(1).max(512).optional(),
});
const cursorSchema = z.discriminatedUnion('m', [historyCursorSchema, timeCursorSchema]);

export type HistoryCursor = z.infer<typeof historyCursorSchema>;
export type TimeCursor = z.infer<typeof timeCursorSchema>;
export type Cursor = HistoryCursor | TimeCursor;

/**
 * A short digest of the query a cursor belongs to, so a cursor is refused with another query (it would
 * silently skip or repeat events there).
 */
export const querySignature = (...parts: Array<string | undefined>): string =>
  createHash('sha256')
    .update(parts.map((part) => part ?? '').join('\n'))
    .digest('base64url')
    .slice(0, 16);

/** The opaque cursor: base64url JSON. */
export const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(JSON.stringify(cursor)).toString('base64url');

const invalid = (message: string) =>
  badRequest('InvalidCursor', message, [{ path: 'query.cursor', message: 'not a valid cursor' }]);

/** Decodes a cursor of mode `mode` for the query with signature `signature`; 400 InvalidCursor otherwise. */
export function decodeCursor(cursor: string, mode: 'h', signature: string): HistoryCursor;
export function decodeCursor(cursor: string, mode: 't', signature: string): TimeCursor;
export function decodeCursor(cursor: string, mode: 'h' | 't', signature: string): Cursor {
  let parsed: Cursor;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalid('cursor is not one this API returned; start again without it');
  }
  if (parsed.m !== mode || parsed.q !== signature) {
    throw invalid(
      'cursor belongs to another query; repeat the query it came from, or start again without it',
    );
  }
  return parsed;
}
