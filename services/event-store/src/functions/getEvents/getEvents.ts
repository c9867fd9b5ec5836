import { decodeCursor, encodeCursor, querySignature } from '../../domain/cursor';
import type { StoredEvent } from '../../domain/types';
import { eventsRequestOf, type GetEventsQuery } from '../../schemas';
import type { EventStore } from '../../store/EventStore';
import type { TimeRangeReader } from '../../store/TimeRangeReader';

export interface GetEventsDeps {
  store: Pick<EventStore, 'history'>;
  timeRange: Pick<TimeRangeReader, 'page'>;
  knownTypes: string[];
}

export interface EventsPage {
  items: StoredEvent[];
  /** Give it back as `cursor` for the next page; null on the last page. */
  cursor: string | null;
}

/**
 * GET /events: a subject's history in version order (`subjectType`, `subjectId`), or every event with
 * `from` ≤ occurredAt < `to` in time order (optionally of one `type`), a page at a time.
 */
export const getEvents =
  (deps: GetEventsDeps) =>
  async ({ query }: { query: GetEventsQuery }): Promise<EventsPage> => {
    const request = eventsRequestOf(query, deps.knownTypes);
    if (request.mode === 'subject') {
      const q = querySignature('h', request.subject.type, request.subject.id);
      const after = request.cursor ? decodeCursor(request.cursor, 'h', q).sk : undefined;
      const page = await deps.store.history(request.subject, request.limit, after);
      return {
        items: page.events,
        cursor: page.lastSk ? encodeCursor({ m: 'h', q, sk: page.lastSk }) : null,
      };
    }
    const q = querySignature('t', request.from, request.to, request.type);
    const cursor = request.cursor ? decodeCursor(request.cursor, 't', q) : undefined;
    const page = await deps.timeRange.page({
      from: request.from,
      to: request.to,
      limit: request.limit,
      ...(request.type ? { type: request.type } : {}),
      ...(cursor ? { position: { bucket: cursor.b, ...(cursor.a ? { after: cursor.a } : {}) } } : {}),
    });
    return {
      items: page.events,
      cursor: page.position
        ? encodeCursor({
            m: 't',
            q,
            b: page.position.bucket,
            ...(page.position.after ? { a: page.position.after } : {}),
          })
        : null,
    };
  };
