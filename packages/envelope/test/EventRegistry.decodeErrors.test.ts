import { EventDecodeError, EventRegistry, isEnvelopeError, UnknownEventTypeError } from '../src';
import { bytesOf, countedJson, failureOf, newRegistry } from './helpers/events';

const events = newRegistry();

/** Decodes `bytes`, expects an EventDecodeError and returns it. */
const decodeError = (bytes: Uint8Array): EventDecodeError => {
  const error = failureOf(events.decode(bytes));
  if (!(error instanceof EventDecodeError)) throw new Error(`expected EventDecodeError, got ${error.name}`);
  return error;
};

const pathsOf = (error: EventDecodeError): string[] => error.issues.map((issue) => issue.path);

describe('EventRegistry.decode errors', () => {
  describe('bytes that are not UTF-8 JSON', () => {
    it('reports invalid UTF-8 on the whole record (path "")', () => {
      const error = decodeError(new Uint8Array([0x7b, 0xff, 0x7d]));

      expect(error.code).toBe('EVENT_DECODE_FAILED');
      expect(pathsOf(error)).toEqual(['']);
      expect(error.message).toMatch(/^Record is not UTF-8 JSON: .*utf-8/);
      expect(error.eventType).toBeUndefined();
    });

    it('refuses an overlong UTF-8 encoding instead of guessing', () => {
      // 0xC0 0xAF is an overlong "/": decoders that are not fatal turn it into U+FFFD.
      expect(pathsOf(decodeError(new Uint8Array([0x22, 0xc0, 0xaf, 0x22])))).toEqual(['']);
    });

    it('reports text that is not JSON on the whole record, keeping the parser error as cause', () => {
      const error = decodeError(Buffer.from('{"id": '));

      expect(pathsOf(error)).toEqual(['']);
      expect(error.message).toMatch(/^Record is not UTF-8 JSON: /);
      expect(error.cause).toBeInstanceOf(SyntaxError);
    });

    it('reports an empty record as not JSON', () => {
      expect(decodeError(new Uint8Array()).message).toMatch(/^Record is not UTF-8 JSON/);
    });

    it.each([
      ['null', null],
      ['an array', [countedJson()]],
      ['a string', 'Counted'],
      ['a number', 42],
    ])('reports JSON that is %s, not an object, on the whole record', (_case, value) => {
      const error = decodeError(bytesOf(value));

      expect(pathsOf(error)).toEqual(['']);
      expect(error.message).toMatch(/^Invalid event envelope: /);
    });
  });

  describe('missing envelope fields', () => {
    it.each([
      'id',
      'type',
      'source',
      'subject',
      'partitionKey',
      'version',
      'occurredAt',
      'schemaVersion',
      'correlationId',
      'causationId',
    ])('names a missing %s', (field) => {
      const error = decodeError(bytesOf(countedJson({ [field]: undefined })));

      expect(pathsOf(error)).toEqual([field]);
      expect(error.message).toContain(`${field}: `);
    });

    it.each(['type', 'id'])('names a missing subject.%s with its full path', (field) => {
      const subject: Record<string, string> = { type: 'counter', id: 'counter-1' };
      delete subject[field];

      expect(pathsOf(decodeError(bytesOf(countedJson({ subject }))))).toEqual([`subject.${field}`]);
    });

    it('names a missing data field', () => {
      const error = decodeError(bytesOf(countedJson({ data: undefined })));

      expect(pathsOf(error)).toEqual(['data']);
      expect(error.eventType).toBe('Counted');
    });

    it('names every wrong field at once, so one log line is enough to fix the producer', () => {
      const error = decodeError(bytesOf(countedJson({ id: 'nope', source: undefined, version: 0 })));

      expect(pathsOf(error).sort()).toEqual(['id', 'source', 'version']);
      expect(error.message).toContain('; ');
    });
  });

  describe('wrong values', () => {
    it.each([
      ['zero', 0],
      ['negative', -1],
      ['fractional', 2.5],
      ['a string', '3'],
    ])('refuses a version that is %s', (_case, version) => {
      expect(pathsOf(decodeError(bytesOf(countedJson({ version }))))).toEqual(['version']);
    });

    it.each([
      ['an id that is not a UUID', { id: 'evt-1' }, 'id'],
      ['a partition key over 256 characters', { partitionKey: 'k'.repeat(257) }, 'partitionKey'],
      ['an empty partition key', { partitionKey: '' }, 'partitionKey'],
      ['an occurredAt without a time zone', { occurredAt: '2026-01-02T03:04:05' }, 'occurredAt'],
      ['schemaVersion 0', { schemaVersion: 0 }, 'schemaVersion'],
      ['an empty causationId (null means none)', { causationId: '' }, 'causationId'],
    ])('refuses %s', (_case, overrides, path) => {
      expect(pathsOf(decodeError(bytesOf(countedJson(overrides))))).toEqual([path]);
    });

    it('refuses a subject of another type than the event’s definition, naming both', () => {
      const error = decodeError(bytesOf(countedJson({ subject: { type: 'post', id: 'counter-1' } })));

      expect(error.issues).toEqual([
        { path: 'subject.type', message: 'expected "counter" for Counted, got "post"' },
      ]);
      expect(error.eventType).toBe('Counted');
      expect(error.message).toBe('Invalid Counted: subject.type: expected "counter" for Counted, got "post"');
    });

    it('names a bad data field by its full path, prefixed with data', () => {
      const error = decodeError(bytesOf(countedJson({ data: { count: 1, labels: { colour: 7 } } })));

      expect(pathsOf(error)).toEqual(['data.labels.colour']);
      expect(error.eventType).toBe('Counted');
      expect(error.message).toMatch(/^Invalid Counted: data\.labels\.colour: /);
    });

    it('names a data field with the wrong type', () => {
      expect(pathsOf(decodeError(bytesOf(countedJson({ data: { count: 'two' } }))))).toEqual(['data.count']);
    });
  });

  describe('unknown event types', () => {
    it('returns UnknownEventTypeError for a well-formed event of a type the registry does not know', () => {
      const error = failureOf(events.decode(bytesOf(countedJson({ type: 'PostDeleted' }))));

      expect(error).toBeInstanceOf(UnknownEventTypeError);
      expect(error).toMatchObject({ code: 'UNKNOWN_EVENT_TYPE', eventType: 'PostDeleted' });
      expect(error.message).toBe('Unknown event type "PostDeleted" (known: Counted, InvoiceIssued, Tagged)');
    });

    it('is not an EventDecodeError, so a consumer can skip it instead of dead-lettering', () => {
      const error = failureOf(events.decode(bytesOf(countedJson({ type: 'PostDeleted' }))));

      expect(error).not.toBeInstanceOf(EventDecodeError);
      expect(isEnvelopeError(error, 'EVENT_DECODE_FAILED')).toBe(false);
      expect(isEnvelopeError(error, 'UNKNOWN_EVENT_TYPE')).toBe(true);
    });

    it('checks the envelope first: a malformed record of an unknown type is a decode error', () => {
      const error = failureOf(events.decode(bytesOf(countedJson({ type: 'PostDeleted', version: 0 }))));

      expect(error).toBeInstanceOf(EventDecodeError);
    });

    it('does not validate data of an unknown type', () => {
      const error = failureOf(events.decode(bytesOf(countedJson({ type: 'PostDeleted', data: 'anything' }))));

      expect(error).toBeInstanceOf(UnknownEventTypeError);
    });

    it('says "none" when the registry is empty', () => {
      const error = failureOf(new EventRegistry([]).decode(bytesOf(countedJson())));

      expect(error.message).toBe('Unknown event type "Counted" (known: none)');
    });
  });
});
