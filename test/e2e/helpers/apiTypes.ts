/** The JSON error body every route answers a bad request with. */
export interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ path: string; message: string }> };
}

/** An event as the event store's routes return it (`GET /events`). */
export interface StoredEvent {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  subject: { type: string; id: string };
  data: Record<string, unknown>;
}

/** A page of `GET /events`. */
export interface EventsPage {
  items: StoredEvent[];
  cursor: string | null;
}
