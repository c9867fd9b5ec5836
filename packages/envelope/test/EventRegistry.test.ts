import { z } from 'zod';
import { defineEvent, EventDecodeError, EventRegistry, UnknownEventTypeError } from '../src';

const Counted = defineEvent({
  type: 'Counted',
  subjectType: 'counter',
  schemaVersion: 1,
  data: z.object({ count: z.number().int().min(0) }),
});
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
      JSON.stringify({ ...registry.create('Counted', { ...base, data: { count: 1 } }), data: { count: 'x' } }),
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
});
