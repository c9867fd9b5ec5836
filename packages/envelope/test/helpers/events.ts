import { z } from 'zod';
import { type CreateEventInput, type DecodeResult, defineEvent, EventRegistry } from '../../src';

/** A counter's full state: the simplest event, keyed by its subject id (the default). */
export const Counted = defineEvent({
  type: 'Counted',
  subjectType: 'counter',
  schemaVersion: 1,
  data: z.object({
    count: z.number().int().min(0),
    labels: z.object({ colour: z.string() }).optional(),
  }),
});

/** An invoice keyed by tenant and invoice id: a definition with its own partition-key function. */
export const InvoiceIssued = defineEvent({
  type: 'InvoiceIssued',
  subjectType: 'invoice',
  schemaVersion: 2,
  data: z.object({ tenantId: z.string().min(1), amountCents: z.number().int() }),
  partitionKey: (subject, data) => `${data.tenantId}#${subject.id}`,
});

/** A definition whose data schema transforms its input, to show create() stores the parsed value. */
export const Tagged = defineEvent({
  type: 'Tagged',
  subjectType: 'tag',
  schemaVersion: 1,
  data: z.object({ name: z.string().trim().toLowerCase() }),
});

export const newRegistry = () => new EventRegistry([Counted, InvoiceIssued, Tagged]);

/** The fields a producer passes to create(), valid by default. */
export const counterInput = (
  overrides: Partial<CreateEventInput<z.input<typeof Counted.data>>> = {},
): CreateEventInput<z.input<typeof Counted.data>> => ({
  source: 'counter-service',
  subjectId: 'counter-1',
  version: 3,
  correlationId: 'corr-1',
  data: { count: 2 },
  ...overrides,
});

/** A valid Counted event as plain JSON, with fields replaced or removed (`undefined`) by `overrides`. */
export const countedJson = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const event: Record<string, unknown> = {
    ...newRegistry().create('Counted', counterInput({ occurredAt: '2026-01-02T03:04:05.000Z' })),
    ...overrides,
  };
  for (const [key, value] of Object.entries(overrides)) if (value === undefined) delete event[key];
  return event;
};

/** UTF-8 JSON bytes of `value`, as a Kinesis record would carry them. */
export const bytesOf = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value), 'utf8');

/** The error of a failed decode; fails the test if decoding succeeded. */
export const failureOf = <E>(result: DecodeResult<E>) => {
  if (result.ok) throw new Error(`expected decoding to fail, got ${JSON.stringify(result.event)}`);
  return result.error;
};
