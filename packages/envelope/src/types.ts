import type { z } from 'zod';
import type { EnvelopeBase, Subject } from './schema';

/** An event: the envelope fields plus the typed full-state `data`. */
export type Envelope<T extends string = string, D = unknown> = Omit<EnvelopeBase, 'type'> & {
  type: T;
  data: D;
};

/** What an event type is: its name, the subject it describes, its data schema and schema version. */
export interface EventDefinition<T extends string = string, D extends z.ZodType = z.ZodType> {
  type: T;
  /** The subject type every event of this type is about, e.g. `post`. */
  subjectType: string;
  schemaVersion: number;
  data: D;
  /** Partition key for an event of this type; defaults to the subject id, so one entity stays on one shard. */
  partitionKey?: (subject: Subject, data: z.infer<D>) => string;
}

/** The event type described by a definition. */
export type EventOf<Def> = Def extends EventDefinition<infer T, infer D> ? Envelope<T, z.infer<D>> : never;

/** What a producer supplies to create an event; the registry fills in the rest. */
export interface CreateEventInput<D> {
  source: string;
  subjectId: string;
  version: number;
  data: D;
  correlationId: string;
  causationId?: string | null;
  /** ISO-8601 time of the state change; defaults to now. */
  occurredAt?: string;
  /** Defaults to a deterministic id (UUID v5 of type, subject and version), so a retried publish is the same event. */
  id?: string;
}

/** The outcome of decoding: never throws, so one bad record cannot take a batch down. */
export type DecodeResult<E> =
  | { ok: true; event: E }
  | { ok: false; error: import('./errors').EventDecodeError | import('./errors').UnknownEventTypeError };
