import type { z } from 'zod';
import { type EnvelopeIssue, EventDecodeError, UnknownEventTypeError } from './errors';
import { eventIdFor } from './eventId';
import { envelopeBaseSchema } from './schema';
import type { CreateEventInput, DecodeResult, Envelope, EventDefinition, EventOf } from './types';

const utf8 = new TextDecoder('utf-8', { fatal: true });

const toIssues = (error: z.ZodError, prefix = ''): EnvelopeIssue[] =>
  error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));

const describe = (issues: EnvelopeIssue[]): string =>
  issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');

type TypeOf<Defs extends readonly EventDefinition[]> = Defs[number]['type'];
type DefOf<Defs extends readonly EventDefinition[], T> = Extract<Defs[number], { type: T }>;

/**
 * The event types a producer emits or a consumer understands, by name, and the codec between events
 * and Kinesis record bytes (UTF-8 JSON).
 *
 * Decoding never throws: it returns the event or an error that names every wrong field, so a consumer
 * can dead-letter one malformed record and go on with the batch.
 *
 * @example
 * const events = new EventRegistry([PostPublished, PostClapsTotalChanged]);
 * const event = events.create('PostPublished', { source: 'posts', subjectId: 'p1', version: 1, data, correlationId });
 * const bytes = events.encode(event);
 * const decoded = events.decode(bytes); // { ok: true, event } | { ok: false, error }
 */
export class EventRegistry<const Defs extends readonly EventDefinition[]> {
  readonly #definitions = new Map<string, EventDefinition>();

  public constructor(definitions: Defs) {
    for (const definition of definitions) {
      if (this.#definitions.has(definition.type)) {
        throw new Error(`Event type "${definition.type}" is registered twice`);
      }
      this.#definitions.set(definition.type, definition);
    }
  }

  /** The registered type names. */
  public types(): string[] {
    return [...this.#definitions.keys()];
  }

  /** Whether `type` is registered. */
  public has(type: string): type is TypeOf<Defs> {
    return this.#definitions.has(type);
  }

  /** Builds a valid event of `type`; throws {@link EventDecodeError} if `data` does not match its schema. */
  public create<T extends TypeOf<Defs>>(
    type: T,
    input: CreateEventInput<z.input<DefOf<Defs, T>['data']>>,
  ): EventOf<DefOf<Defs, T>> {
    const definition = this.#definition(type);
    const subject = { type: definition.subjectType, id: input.subjectId };
    const data = this.#parseData(definition, input.data);
    const event = {
      id: input.id ?? eventIdFor(type, subject, input.version),
      type,
      source: input.source,
      subject,
      partitionKey: definition.partitionKey ? definition.partitionKey(subject, data) : subject.id,
      version: input.version,
      occurredAt: input.occurredAt ?? new Date().toISOString(),
      schemaVersion: definition.schemaVersion,
      correlationId: input.correlationId,
      causationId: input.causationId ?? null,
      data,
    };
    return this.#validate(event) as EventOf<DefOf<Defs, T>>;
  }

  /** Validates `event` and serialises it to the bytes of one Kinesis record. */
  public encode(event: Envelope): Uint8Array {
    const parsed = this.parse(event);
    if (!parsed.ok) throw parsed.error;
    return Buffer.from(JSON.stringify(parsed.event), 'utf8');
  }

  /** Decodes the bytes of a Kinesis record (UTF-8 JSON) into a validated event. */
  public decode(bytes: Uint8Array): DecodeResult<EventOf<Defs[number]>> {
    let value: unknown;
    try {
      value = JSON.parse(utf8.decode(bytes));
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      return {
        ok: false,
        error: new EventDecodeError(
          `Record is not UTF-8 JSON: ${reason}`,
          [{ path: '', message: reason }],
          undefined,
          {
            cause,
          },
        ),
      };
    }
    return this.parse(value);
  }

  /** Validates an already-parsed value (e.g. a line of a data-lake object) as an event. */
  public parse(value: unknown): DecodeResult<EventOf<Defs[number]>> {
    const base = envelopeBaseSchema.safeParse(value);
    if (!base.success) {
      const issues = toIssues(base.error);
      return {
        ok: false,
        error: new EventDecodeError(`Invalid event envelope: ${describe(issues)}`, issues),
      };
    }
    const definition = this.#definitions.get(base.data.type);
    if (!definition) return { ok: false, error: new UnknownEventTypeError(base.data.type, this.types()) };
    try {
      return { ok: true, event: this.#validate(value as Record<string, unknown>) as EventOf<Defs[number]> };
    } catch (error) {
      return { ok: false, error: error as EventDecodeError };
    }
  }

  #definition(type: string): EventDefinition {
    const definition = this.#definitions.get(type);
    if (!definition) throw new UnknownEventTypeError(type, this.types());
    return definition;
  }

  #parseData(definition: EventDefinition, data: unknown): unknown {
    const parsed = definition.data.safeParse(data);
    if (parsed.success) return parsed.data;
    const issues = toIssues(parsed.error, 'data');
    throw new EventDecodeError(`Invalid ${definition.type}: ${describe(issues)}`, issues, definition.type);
  }

  #validate(event: Record<string, unknown>): Envelope {
    const base = envelopeBaseSchema.safeParse(event);
    if (!base.success) {
      const issues = toIssues(base.error);
      throw new EventDecodeError(`Invalid event envelope: ${describe(issues)}`, issues, String(event.type));
    }
    const definition = this.#definition(base.data.type);
    if (base.data.subject.type !== definition.subjectType) {
      const issues = [
        {
          path: 'subject.type',
          message: `expected "${definition.subjectType}" for ${definition.type}, got "${base.data.subject.type}"`,
        },
      ];
      throw new EventDecodeError(`Invalid ${definition.type}: ${describe(issues)}`, issues, definition.type);
    }
    return { ...base.data, data: this.#parseData(definition, event.data) };
  }
}
