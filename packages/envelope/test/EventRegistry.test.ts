import { z } from 'zod';
import { defineEvent, EventDecodeError, EventRegistry, UnknownEventTypeError } from '../src';
import { Counted, InvoiceIssued, newRegistry } from './helpers/events';

const registry = new EventRegistry([Counted]);
const base = { source: 'test', subjectId: 'c1', version: 3, correlationId: 'corr-1' };

describe('EventRegistry', () => {
  it('round-trips an event through Kinesis bytes', () => {
    const event = registry.create('Counted', { ...base, data: { count: 2 } });
    const decoded = registry.decode(registry.encode(event));
    expect(decoded).toEqual({ ok: true, event });
    expect(event.partitionKey).toBe('c1');
  });

  it('names the wrong field when data does not match its schema', () => {
    const bytes = Buffer.from(
      JSON.stringify({
        ...registry.create('Counted', { ...base, data: { count: 1 } }),
        data: { count: 'x' },
      }),
    );
    const decoded = registry.decode(bytes);
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.error).toBeInstanceOf(EventDecodeError);
    expect((decoded.error as EventDecodeError).issues[0]?.path).toBe('data.count');
  });

  it('reports an unknown type separately from a malformed record', () => {
    const other = { ...registry.create('Counted', { ...base, data: { count: 1 } }), type: 'Other' };
    const decoded = registry.decode(Buffer.from(JSON.stringify(other)));
    expect(!decoded.ok && decoded.error).toBeInstanceOf(UnknownEventTypeError);
  });

  describe('registration', () => {
    it('lists the registered types in registration order', () => {
      expect(newRegistry().types()).toEqual(['Counted', 'InvoiceIssued', 'Tagged']);
    });

    it('knows which types it has', () => {
      const events = newRegistry();

      expect(events.has('Counted')).toBe(true);
      expect(events.has('InvoiceIssued')).toBe(true);
      expect(events.has('counted')).toBe(false);
      expect(events.has('')).toBe(false);
    });

    it('accepts an empty list (a consumer that understands nothing yet)', () => {
      const empty = new EventRegistry([]);

      expect(empty.types()).toEqual([]);
    });

    it('refuses the same type registered twice, naming it', () => {
      expect(() => new EventRegistry([Counted, InvoiceIssued, Counted])).toThrow(
        'Event type "Counted" is registered twice',
      );
    });

    it('refuses two different definitions that share a type name', () => {
      const impostor = defineEvent({
        type: 'Counted',
        subjectType: 'other',
        schemaVersion: 9,
        data: z.object({}),
      });

      expect(() => new EventRegistry([Counted, impostor])).toThrow(/"Counted" is registered twice/);
    });

    it('keeps registries independent of each other', () => {
      const onlyCounted = new EventRegistry([Counted]);
      const onlyInvoices = new EventRegistry([InvoiceIssued]);

      expect(onlyCounted.has('InvoiceIssued')).toBe(false);
      expect(onlyInvoices.has('Counted')).toBe(false);
    });
  });
});
