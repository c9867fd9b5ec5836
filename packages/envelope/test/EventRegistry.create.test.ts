import { EventDecodeError, eventIdFor, isEnvelopeError, UnknownEventTypeError } from '../src';
import { counterInput, newRegistry } from './helpers/events';

describe('EventRegistry.create', () => {
  const events = newRegistry();

  it('builds the full envelope from what the producer supplies', () => {
    const event = events.create(
      'Counted',
      counterInput({ occurredAt: '2026-01-02T03:04:05.000Z', causationId: 'evt-0' }),
    );

    expect(event).toEqual({
      id: eventIdFor('Counted', { type: 'counter', id: 'counter-1' }, 3),
      type: 'Counted',
      source: 'counter-service',
      subject: { type: 'counter', id: 'counter-1' },
      partitionKey: 'counter-1',
      version: 3,
      occurredAt: '2026-01-02T03:04:05.000Z',
      schemaVersion: 1,
      correlationId: 'corr-1',
      causationId: 'evt-0',
      data: { count: 2 },
    });
  });

  describe('the id', () => {
    it('is the deterministic eventIdFor(type, subject, version) by default', () => {
      const event = events.create('Counted', counterInput());

      expect(event.id).toBe(eventIdFor('Counted', { type: 'counter', id: 'counter-1' }, 3));
    });

    it('is the same when the same state is published twice (a retry), whatever the time or data', () => {
      const first = events.create('Counted', counterInput({ occurredAt: '2026-01-01T00:00:00Z' }));
      const retry = events.create('Counted', counterInput({ occurredAt: '2026-01-01T00:00:09Z' }));

      expect(retry.id).toBe(first.id);
    });

    it('changes with the version', () => {
      const v3 = events.create('Counted', counterInput({ version: 3 }));
      const v4 = events.create('Counted', counterInput({ version: 4 }));

      expect(v4.id).not.toBe(v3.id);
    });

    it('can be given explicitly', () => {
      const id = '0b7c1c9e-3f2a-4d5b-8c6d-7e8f9a0b1c2d';

      expect(events.create('Counted', counterInput({ id })).id).toBe(id);
    });

    it('must be a UUID when given', () => {
      expect(() => events.create('Counted', counterInput({ id: 'not-a-uuid' }))).toThrow(/id:/);
    });
  });

  describe('the partition key', () => {
    it('is the subject id by default, so one entity stays on one shard', () => {
      expect(events.create('Counted', counterInput({ subjectId: 'counter-77' })).partitionKey).toBe(
        'counter-77',
      );
    });

    it('comes from the definition’s partitionKey function when it has one', () => {
      const event = events.create('InvoiceIssued', {
        source: 'billing',
        subjectId: 'inv-9',
        version: 1,
        correlationId: 'corr-2',
        data: { tenantId: 'tenant-7', amountCents: 1250 },
      });

      expect(event.partitionKey).toBe('tenant-7#inv-9');
      expect(event.subject).toEqual({ type: 'invoice', id: 'inv-9' });
    });

    it('is validated like every envelope field: a function returning over 256 characters is refused', () => {
      const input = {
        source: 'billing',
        subjectId: 'inv-9',
        version: 1,
        correlationId: 'corr-2',
        data: { tenantId: 't'.repeat(256), amountCents: 1 },
      };

      expect(() => events.create('InvoiceIssued', input)).toThrow(/partitionKey:/);
    });
  });

  describe('defaults', () => {
    it('sets occurredAt to the current time as an ISO-8601 UTC string', () => {
      const before = Date.now();

      const event = events.create('Counted', counterInput());

      const after = Date.now();
      expect(event.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(Date.parse(event.occurredAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(event.occurredAt)).toBeLessThanOrEqual(after);
    });

    it('keeps a given occurredAt, with an offset too', () => {
      const occurredAt = '2026-05-06T07:08:09+02:00';

      expect(events.create('Counted', counterInput({ occurredAt })).occurredAt).toBe(occurredAt);
    });

    it('sets causationId to null when the event has no cause', () => {
      expect(events.create('Counted', counterInput()).causationId).toBeNull();
    });

    it('sets causationId to null when given null explicitly', () => {
      expect(events.create('Counted', counterInput({ causationId: null })).causationId).toBeNull();
    });

    it('takes schemaVersion and subject type from the definition', () => {
      const event = events.create('InvoiceIssued', {
        source: 'billing',
        subjectId: 'inv-1',
        version: 1,
        correlationId: 'c',
        data: { tenantId: 't', amountCents: 0 },
      });

      expect(event.schemaVersion).toBe(2);
      expect(event.subject.type).toBe('invoice');
    });
  });

  it('stores data as its schema parsed it (transforms applied)', () => {
    const event = events.create('Tagged', {
      source: 'tags',
      subjectId: 'tag-1',
      version: 1,
      correlationId: 'c',
      data: { name: '  Kinesis ' },
    });

    expect(event.data).toEqual({ name: 'kinesis' });
  });

  describe('refusals', () => {
    it('refuses data that does not match the type’s schema, naming the field and the type', () => {
      let thrown: unknown;
      try {
        events.create('Counted', counterInput({ data: { count: -1 } }));
      } catch (error) {
        thrown = error;
      }

      expect(thrown).toBeInstanceOf(EventDecodeError);
      expect(thrown).toMatchObject({ eventType: 'Counted', code: 'EVENT_DECODE_FAILED' });
      expect((thrown as EventDecodeError).issues.map((issue) => issue.path)).toEqual(['data.count']);
      expect((thrown as Error).message).toMatch(/^Invalid Counted: data\.count: /);
    });

    it.each([
      ['version 0', { version: 0 }, 'version'],
      ['a negative version', { version: -2 }, 'version'],
      ['a fractional version', { version: 1.5 }, 'version'],
      ['an empty source', { source: '' }, 'source'],
      ['an empty subject id', { subjectId: '' }, 'subject.id'],
      ['an empty correlation id', { correlationId: '' }, 'correlationId'],
      ['an occurredAt that is not ISO-8601', { occurredAt: 'yesterday' }, 'occurredAt'],
    ])('refuses %s, naming the field', (_case, overrides, path) => {
      let thrown: unknown;
      try {
        events.create('Counted', counterInput(overrides));
      } catch (error) {
        thrown = error;
      }

      expect(isEnvelopeError(thrown, 'EVENT_DECODE_FAILED')).toBe(true);
      expect((thrown as EventDecodeError).issues.map((issue) => issue.path)).toContain(path);
    });

    it('refuses an unregistered type with UnknownEventTypeError listing the known ones', () => {
      const create = () => events.create('Nope' as 'Counted', counterInput());

      expect(create).toThrow(UnknownEventTypeError);
      expect(create).toThrow('Unknown event type "Nope" (known: Counted, InvoiceIssued, Tagged)');
    });
  });
});
