import { subjectSchema } from '@kes/envelope';
import { badRequest, queryNumber } from '@kes/http-api';
import { z } from 'zod';
import { normalizeTime } from './store/keys';

/** An ISO-8601 time with a zone (`Z` or an offset), e.g. `2026-02-01T12:00:00Z`. */
export const isoTimeSchema = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 time with a zone, e.g. 2026-02-01T12:00:00Z',
});

export const subjectPathSchema = z.object({
  subjectType: subjectSchema.shape.type,
  subjectId: subjectSchema.shape.id,
});

export const getEventsQuerySchema = z.strictObject({
  subjectType: subjectSchema.shape.type.optional(),
  subjectId: subjectSchema.shape.id.optional(),
  from: isoTimeSchema.optional(),
  to: isoTimeSchema.optional(),
  type: z.string().min(1).max(128).optional(),
  limit: queryNumber({ integer: true, min: 1, max: 100 }).default(20),
  cursor: z.string().min(1).max(2048).optional(),
});

export const getEntityQuerySchema = z.strictObject({ at: isoTimeSchema.optional() });

export const takeSnapshotBodySchema = z.strictObject({ at: isoTimeSchema.optional() }).optional();

export type GetEventsQuery = z.output<typeof getEventsQuerySchema>;

/** The two ways to read events, decided from the query parameters. */
export type EventsRequest =
  | { mode: 'subject'; subject: { type: string; id: string }; limit: number; cursor?: string }
  | { mode: 'time'; from: string; to: string; type?: string; limit: number; cursor?: string };

/**
 * Which read a GET /events asks for: a subject's history (`subjectType` + `subjectId`) or a time range
 * (`from` + `to`, optionally `type`) — exactly one. 400 with the reason for anything else.
 */
export const eventsRequestOf = (query: GetEventsQuery, knownTypes: string[]): EventsRequest => {
  const subjectParams = (['subjectType', 'subjectId'] as const).filter((name) => query[name] !== undefined);
  const timeParams = (['from', 'to', 'type'] as const).filter((name) => query[name] !== undefined);
  const base = { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) };
  if (subjectParams.length > 0 && timeParams.length > 0) {
    throw badRequest(
      'AmbiguousQuery',
      `give either subjectType and subjectId (a history) or from and to (a time range), not both (got ${[...subjectParams, ...timeParams].join(', ')})`,
    );
  }
  if (subjectParams.length > 0) {
    if (query.subjectType === undefined || query.subjectId === undefined) {
      throw badRequest('MissingParameter', 'a history needs both subjectType and subjectId', [
        {
          path: `query.${query.subjectType === undefined ? 'subjectType' : 'subjectId'}`,
          message: 'required',
        },
      ]);
    }
    return { mode: 'subject', subject: { type: query.subjectType, id: query.subjectId }, ...base };
  }
  if (timeParams.length === 0) {
    throw badRequest(
      'MissingParameter',
      'give subjectType and subjectId (a history) or from and to (a time range, optionally with type)',
    );
  }
  if (query.from === undefined || query.to === undefined) {
    throw badRequest('MissingParameter', 'a time range needs both from and to (ISO-8601 times)', [
      { path: `query.${query.from === undefined ? 'from' : 'to'}`, message: 'required' },
    ]);
  }
  const [from, to] = [normalizeTime(query.from), normalizeTime(query.to)];
  if (from > to) {
    throw badRequest('InvalidTimeRange', `from (${query.from}) is after to (${query.to})`, [
      { path: 'query.from', message: 'must not be after to' },
    ]);
  }
  if (query.type !== undefined && !knownTypes.includes(query.type)) {
    throw badRequest(
      'UnknownEventType',
      `unknown event type "${query.type}"; known: ${knownTypes.join(', ')}`,
      [{ path: 'query.type', message: 'not a known event type' }],
    );
  }
  return { mode: 'time', from, to, ...(query.type ? { type: query.type } : {}), ...base };
};
