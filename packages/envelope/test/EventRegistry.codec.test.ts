import { EventDecodeError } from '../src';
import { bytesOf, countedJson, counterInput, failureOf, newRegistry } from './helpers/events';

describe('EventRegistry encode/decode', () => {
  const events = newRegistry();

  describe('encode', () => {
    it('writes the event as UTF-8 JSON, the bytes of one Kinesis record', () => {
      const event = events.create('Counted', counterInput());

      const bytes = events.encode(event);

      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(JSON.parse(Buffer.from(bytes).toString('utf8'))).toEqual(event);
    });

    it('encodes non-ASCII text as UTF-8', () => {
      const event = events.create('Counted', counterInput({ subjectId: 'zähler-👍' }));

      const text = Buffer.from(events.encode(event)).toString('utf8');

      expect(text).toContain('"id":"zähler-👍"');
      expect(Buffer.from(events.encode(event)).includes(Buffer.from('zähler-👍', 'utf8'))).toBe(true);
    });

    it('carries the partition key inside the payload, where Firehose and replays still find it', () => {
      const event = events.create('InvoiceIssued', {
        source: 'billing',
        subjectId: 'inv-1',
        version: 1,
        correlationId: 'c',
        data: { tenantId: 't-1', amountCents: 5 },
      });

      expect(JSON.parse(Buffer.from(events.encode(event)).toString('utf8')).partitionKey).toBe('t-1#inv-1');
    });

    it('refuses to encode an event that is no longer valid', () => {
      const event = events.create('Counted', counterInput());

      expect(() => events.encode({ ...event, version: 0 })).toThrow(EventDecodeError);
      expect(() => events.encode({ ...event, data: { count: 'x' } })).toThrow(/data\.count/);
    });

    it('drops fields the envelope does not define', () => {
      const event = { ...events.create('Counted', counterInput()), debug: true };

      expect(JSON.parse(Buffer.from(events.encode(event)).toString('utf8'))).not.toHaveProperty('debug');
    });
  });

  describe('decode', () => {
    it.each([
      ['the default partition key', () => events.create('Counted', counterInput())],
      [
        'a custom partition key and schema version',
        () =>
          events.create('InvoiceIssued', {
            source: 'billing',
            subjectId: 'inv-1',
            version: 12,
            correlationId: 'c',
            causationId: 'evt-9',
            data: { tenantId: 't-1', amountCents: -300 },
          }),
      ],
      [
        'optional data present',
        () => events.create('Counted', counterInput({ data: { count: 0, labels: { colour: 'red' } } })),
      ],
      [
        'non-ASCII ids',
        () => events.create('Counted', counterInput({ subjectId: '計数器-1', correlationId: 'ça' })),
      ],
    ])('round-trips an event with %s', (_case, make) => {
      const event = make();

      expect(events.decode(events.encode(event))).toEqual({ ok: true, event });
    });

    it('decodes bytes that are a view into a larger buffer (a slice of a batch)', () => {
      const event = events.create('Counted', counterInput());
      const encoded = Buffer.from(events.encode(event));
      const batch = Buffer.concat([Buffer.from('xx'), encoded, Buffer.from('yy')]);

      const view = new Uint8Array(batch.buffer, batch.byteOffset + 2, encoded.length);

      expect(events.decode(view)).toEqual({ ok: true, event });
    });

    it('decodes bytes a producer wrote without this registry, if they are a valid event', () => {
      expect(events.decode(bytesOf(countedJson()))).toEqual({ ok: true, event: countedJson() });
    });

    it('never throws, even for garbage', () => {
      expect(() => events.decode(new Uint8Array([0xff, 0x00, 0xfe]))).not.toThrow();
      expect(events.decode(new Uint8Array([])).ok).toBe(false);
    });
  });

  describe('parse', () => {
    it('validates a value that is already parsed, e.g. a line of a data-lake object', () => {
      const line = countedJson();

      expect(events.parse(line)).toEqual({ ok: true, event: line });
    });

    it('reports problems in the same way as decode', () => {
      const error = failureOf(events.parse(countedJson({ version: 0 })));

      expect(error).toBeInstanceOf(EventDecodeError);
      expect((error as EventDecodeError).issues[0]?.path).toBe('version');
    });
  });
});
