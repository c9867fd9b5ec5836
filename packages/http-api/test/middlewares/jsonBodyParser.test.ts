import middy from '@middy/core';
import {
  type HttpApiEvent,
  type HttpResponse,
  httpErrorHandler,
  type JsonBodyParserOptions,
  jsonBodyParser,
  jsonResponse,
} from '../../src';
import { httpApiEvent, jsonOfBytes, lambdaContext, rawJsonEvent } from '../helpers/httpApiEvent';
import { errorOf } from '../helpers/responses';

type ParsedEvent = Omit<HttpApiEvent, 'body'> & { body?: unknown; rawBody?: string };

/** A handler behind the parser that records the event it was given. */
const parser = (options?: JsonBodyParserOptions) => {
  const seen: ParsedEvent[] = [];
  const handler = middy<HttpApiEvent, HttpResponse>(async (event: HttpApiEvent) => {
    seen.push(event as unknown as ParsedEvent);
    return jsonResponse(200, { ok: true });
  })
    .use(httpErrorHandler())
    .use(jsonBodyParser(options));
  const send = (event: HttpApiEvent) => handler(event, lambdaContext());
  return { send, seen };
};

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('jsonBodyParser', () => {
  describe('parsing', () => {
    it('replaces event.body with the parsed JSON and keeps the original in event.rawBody', async () => {
      const { send, seen } = parser();

      const response = await send(rawJsonEvent('{"count":3,"tags":["a"]}'));

      expect(response.statusCode).toBe(200);
      expect(seen[0]?.body).toEqual({ count: 3, tags: ['a'] });
      expect(seen[0]?.rawBody).toBe('{"count":3,"tags":["a"]}');
    });

    it('parses any JSON value, not only objects (the schema decides what is acceptable)', async () => {
      const { send, seen } = parser();

      await send(rawJsonEvent('42'));
      await send(rawJsonEvent('[1,2]'));
      await send(rawJsonEvent('null'));

      expect(seen.map((event) => event.body)).toEqual([42, [1, 2], null]);
    });

    it('decodes a base64 body before parsing it', async () => {
      const { send, seen } = parser();

      await send(rawJsonEvent(base64('{"title":"Crème brûlée"}'), { isBase64Encoded: true }));

      expect(seen[0]?.body).toEqual({ title: 'Crème brûlée' });
    });

    it('ignores a UTF-8 byte order mark, which RFC 8259 lets parsers skip', async () => {
      const { send, seen } = parser();

      await send(rawJsonEvent('\uFEFF{"a":1}'));
      await send(
        rawJsonEvent(Buffer.from('\uFEFF{"b":2}', 'utf8').toString('base64'), { isBase64Encoded: true }),
      );

      expect(seen.map((event) => event.body)).toEqual([{ a: 1 }, { b: 2 }]);
    });
    it('leaves alone a body another parser has already turned into a value', async () => {
      const seen: unknown[] = [];
      const handler = middy<HttpApiEvent, HttpResponse>(async (event: HttpApiEvent) => {
        seen.push((event as unknown as ParsedEvent).rawBody);
        return jsonResponse(200, (event as unknown as ParsedEvent).body);
      })
        .use(httpErrorHandler())
        .use(jsonBodyParser())
        .use(jsonBodyParser());

      const response = await handler(rawJsonEvent('{"a":1}'), lambdaContext());

      expect(response.body).toBe('{"a":1}');
      expect(seen).toEqual(['{"a":1}']);
    });
  });

  describe('a missing body', () => {
    it.each([
      { case: 'no body field', body: undefined },
      { case: 'an empty body', body: '' },
    ])('refuses $case with 400 MissingBody when the body is required', async ({ body }) => {
      const { send, seen } = parser();

      const response = await send(httpApiEvent({ method: 'POST', ...(body === undefined ? {} : { body }) }));

      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toEqual({
        code: 'MissingBody',
        message: 'This route needs a JSON request body',
      });
      expect(seen).toHaveLength(0);
    });

    it('treats a null body (as local emulators send) as missing', async () => {
      const { send } = parser();
      const event = httpApiEvent({ method: 'POST' });
      (event as unknown as { body: null }).body = null;

      const response = await send(event);

      expect(errorOf(response).code).toBe('MissingBody');
    });

    it('lets a request without a body through when the body is optional, without checking its content type', async () => {
      const { send, seen } = parser({ required: false });

      const response = await send(
        httpApiEvent({ method: 'POST', headers: { 'content-type': 'text/plain' } }),
      );

      expect(response.statusCode).toBe(200);
      expect(seen[0]?.body).toBeUndefined();
      expect(seen[0]?.rawBody).toBeUndefined();
    });

    it('still parses a body that is present when the body is optional', async () => {
      const { send, seen } = parser({ required: false });

      await send(rawJsonEvent('{"a":1}'));

      expect(seen[0]?.body).toEqual({ a: 1 });
    });
  });

  describe('the content type', () => {
    it.each([
      'application/json',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
      'Application/JSON; charset="utf-8"',
      'application/json; charset=utf8',
    ])('accepts %p', async (contentType) => {
      const { send } = parser();

      const response = await send(rawJsonEvent('{}', { headers: { 'content-type': contentType } }));

      expect(response.statusCode).toBe(200);
    });

    it('finds the header whatever its letter case (emulators do not always lower-case names)', async () => {
      const { send } = parser();
      const event = httpApiEvent({
        method: 'POST',
        body: '{}',
        headers: { 'Content-Type': 'application/json' },
      });

      const response = await send(event);

      expect(response.statusCode).toBe(200);
    });

    it.each([
      { contentType: 'text/plain', got: '"text/plain"' },
      { contentType: 'application/x-www-form-urlencoded', got: '"application/x-www-form-urlencoded"' },
      { contentType: 'application/jsonp', got: '"application/jsonp"' },
      { contentType: 'application/json; charset=iso-8859-1', got: '"application/json; charset=iso-8859-1"' },
    ])(
      'refuses $contentType with 415 UnsupportedMediaType naming what was sent',
      async ({ contentType, got }) => {
        const { send, seen } = parser();

        const response = await send(rawJsonEvent('{}', { headers: { 'content-type': contentType } }));

        expect(response.statusCode).toBe(415);
        expect(errorOf(response)).toEqual({
          code: 'UnsupportedMediaType',
          message: `Content-Type must be application/json (UTF-8), got ${got}`,
        });
        expect(seen).toHaveLength(0);
      },
    );

    it('refuses a body sent without any content type', async () => {
      const { send } = parser();

      const response = await send(httpApiEvent({ method: 'POST', body: '{}' }));

      expect(response.statusCode).toBe(415);
      expect(errorOf(response).message).toBe('Content-Type must be application/json (UTF-8), got none');
    });

    it('echoes at most 100 characters of a long content type', async () => {
      const { send } = parser();
      const contentType = `text/${'x'.repeat(500)}`;

      const response = await send(rawJsonEvent('{}', { headers: { 'content-type': contentType } }));

      expect(errorOf(response).message).toBe(
        `Content-Type must be application/json (UTF-8), got "${contentType.slice(0, 100)}"`,
      );
    });
  });

  describe('the size limit (counted in decoded bytes)', () => {
    it('accepts a body of exactly 65536 bytes by default', async () => {
      const { send } = parser();
      const body = jsonOfBytes(65_536);
      expect(Buffer.byteLength(body)).toBe(65_536);

      const response = await send(rawJsonEvent(body));

      expect(response.statusCode).toBe(200);
    });

    it('refuses a body of 65537 bytes with 413 PayloadTooLarge', async () => {
      const { send, seen } = parser();

      const response = await send(rawJsonEvent(jsonOfBytes(65_537)));

      expect(response.statusCode).toBe(413);
      expect(errorOf(response)).toEqual({
        code: 'PayloadTooLarge',
        message: 'Request body is 65537 bytes; this route accepts at most 65536',
      });
      expect(seen).toHaveLength(0);
    });

    it('counts multi-byte characters in bytes: a body under 65536 characters can be over 65536 bytes', async () => {
      const { send } = parser();
      const body = jsonOfBytes(65_538, 'é');
      expect(body.length).toBeLessThan(65_536);

      const response = await send(rawJsonEvent(body));

      expect(response.statusCode).toBe(413);
      expect(errorOf(response).message).toBe('Request body is 65538 bytes; this route accepts at most 65536');
    });

    it('accepts multi-byte characters up to exactly the limit', async () => {
      const { send, seen } = parser();
      const body = jsonOfBytes(65_536, 'é');

      const response = await send(rawJsonEvent(body));

      expect(response.statusCode).toBe(200);
      expect(seen[0]?.body).toEqual({ text: `${'é'.repeat(32_762)}a` });
    });

    it('counts a base64 body by its decoded bytes, not its longer encoded form', async () => {
      const { send } = parser();
      const atLimit = base64(jsonOfBytes(65_536));
      const overLimit = base64(jsonOfBytes(65_537));
      expect(atLimit.length).toBeGreaterThan(65_536);

      const accepted = await send(rawJsonEvent(atLimit, { isBase64Encoded: true }));
      const refused = await send(rawJsonEvent(overLimit, { isBase64Encoded: true }));

      expect(accepted.statusCode).toBe(200);
      expect(refused.statusCode).toBe(413);
      expect(errorOf(refused).message).toBe('Request body is 65537 bytes; this route accepts at most 65536');
    });

    it('honours a custom maxBodyBytes', async () => {
      const { send } = parser({ maxBodyBytes: 100 });

      const accepted = await send(rawJsonEvent(jsonOfBytes(100)));
      const refused = await send(rawJsonEvent(jsonOfBytes(101)));

      expect(accepted.statusCode).toBe(200);
      expect(errorOf(refused).message).toBe('Request body is 101 bytes; this route accepts at most 100');
    });

    it('checks the content type before the size, so a large upload of the wrong type hears why', async () => {
      const { send } = parser();

      const response = await send(
        rawJsonEvent(jsonOfBytes(70_000), { headers: { 'content-type': 'application/octet-stream' } }),
      );

      expect(response.statusCode).toBe(415);
    });

    it.each([0, -5, 1.5, Number.NaN])(
      'refuses maxBodyBytes %p when the middleware is created',
      (maxBodyBytes) => {
        expect(() => jsonBodyParser({ maxBodyBytes })).toThrow(
          `maxBodyBytes must be a positive integer, got ${maxBodyBytes}`,
        );
      },
    );

    it('keeps the default when maxBodyBytes is passed as undefined', async () => {
      const { send } = parser({ maxBodyBytes: undefined });

      const response = await send(rawJsonEvent(jsonOfBytes(65_536)));

      expect(response.statusCode).toBe(200);
    });
  });

  describe('malformed JSON', () => {
    it.each([
      { body: '{"count":', where: 'unexpected end of input at line 1, column 10 (position 9)' },
      { body: '{"count":}', where: 'unexpected "}" at line 1, column 10 (position 9)' },
      { body: "{'count':1}", where: `unexpected "'" at line 1, column 2 (position 1)` },
      { body: '{"a":1,}', where: 'unexpected "}" at line 1, column 8 (position 7)' },
      { body: '{\n  "a": 1\n  "b": 2\n}', where: 'unexpected "\\"" at line 3, column 3 (position 13)' },
      { body: '{"a":1} trailing', where: 'unexpected "t" at line 1, column 9 (position 8)' },
      { body: '   ', where: 'unexpected end of input at line 1, column 4 (position 3)' },
    ])('refuses $body with 400 MalformedJson saying where the parser stopped', async ({ body, where }) => {
      const { send, seen } = parser();

      const response = await send(rawJsonEvent(body));

      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toEqual({
        code: 'MalformedJson',
        message: `Request body is not valid JSON: ${where}`,
      });
      expect(seen).toHaveLength(0);
    });

    it('answers 400, not a stack overflow, for deeply nested input', async () => {
      const { send } = parser();

      const response = await send(rawJsonEvent('['.repeat(60_000)));

      expect(response.statusCode).toBe(400);
      expect(errorOf(response).message).toBe(
        'Request body is not valid JSON: unexpected end of input at line 1, column 60001 (position 60000)',
      );
    });

    it('refuses a base64 body whose bytes are not UTF-8', async () => {
      const { send } = parser();
      const latin1 = Buffer.from('{"title":"Cr\xe8me"}', 'latin1').toString('base64');

      const response = await send(rawJsonEvent(latin1, { isBase64Encoded: true }));

      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toEqual({
        code: 'MalformedJson',
        message: 'Request body is not valid UTF-8',
      });
    });
  });
});
