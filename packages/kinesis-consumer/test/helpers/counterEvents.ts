import { defineEvent, type EventOf, EventRegistry } from '@kes/envelope';
import { z } from 'zod';

/** Full-state event of a counter: "counter c has value n at version v". */
export const CounterChanged = defineEvent({
  type: 'CounterChanged',
  subjectType: 'counter',
  schemaVersion: 1,
  data: z.object({ value: z.number().int().min(0) }),
});

export type CounterEvent = EventOf<typeof CounterChanged>;

/** The registry the consumers under test decode with. */
export const counterEvents = new EventRegistry([CounterChanged]);

/** A different registry's event type, to produce records of a type `counterEvents` does not know. */
export const otherEvents = new EventRegistry([
  defineEvent({ type: 'SomethingElse', subjectType: 'counter', schemaVersion: 1, data: z.object({}) }),
]);

/** A valid CounterChanged for `subjectId` at `version`; the value defaults to the version. */
export const counterChanged = (subjectId: string, version: number, value = version): CounterEvent =>
  counterEvents.create('CounterChanged', {
    source: 'test',
    subjectId,
    version,
    data: { value },
    correlationId: `corr-${subjectId}-${version}`,
    occurredAt: '2026-01-31T12:00:00.000Z',
  });
