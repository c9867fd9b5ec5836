import { z } from 'zod';
import { HttpError, httpRoute, notFound, queryNumber, respond } from '../src';
import { httpApiEvent, jsonEvent, lambdaContext, rawJsonEvent } from './helpers/httpApiEvent';
import { bodyOf, errorOf, inputOf, recordingLogger, spyHandler } from './helpers/responses';

const JSON_UTF8 = 'application/json; charset=utf-8';

const clapRoute = (handler = spyHandler({ ok: true })) => ({
  handler,
  route: httpRoute({
    path: z.object({ postId: z.string().min(1) }),
    body: z.object({ count: z.number().int().min(1).max(50) }),
    handler,
  }),
});

const clapEvent = (body: unknown, overrides: Parameters<typeof jsonEvent>[1] = {}) =>
  jsonEvent(body, { path: '/posts/p1/claps', pathParameters: { postId: 'p1' }, ...overrides });

describe('httpRoute', () => {
  describe('answering a valid request', () => {
    it('sends the handler result as JSON with status 200 and a JSON content type', async () => {
      const route = httpRoute({ handler: async () => ({ posts: [{ id: 'p1' }] }) });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response).toEqual({
        statusCode: 200,
        headers: { 'content-type': JSON_UTF8 },
        body: '{"posts":[{"id":"p1"}]}',
      });
    });

    it('uses successStatus for a plain result', async () => {
      const route = httpRoute({ successStatus: 202, handler: async () => ({ accepted: true }) });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response.statusCode).toBe(202);
      expect(bodyOf(response)).toEqual({ accepted: true });
    });

    it('lets the handler choose 201 and extra headers with respond()', async () => {
      const route = httpRoute({
        handler: async () => respond(201, { id: 'p1' }, { location: '/posts/p1' }),
      });

      const response = await route(httpApiEvent({ method: 'POST' }), lambdaContext());

      expect(response).toEqual({
        statusCode: 201,
        headers: { location: '/posts/p1', 'content-type': JSON_UTF8 },
        body: '{"id":"p1"}',
      });
    });

    it('sends 204 without a body, but still with the JSON content type', async () => {
      const route = httpRoute({ handler: async () => respond(204) });

      const response = await route(httpApiEvent({ method: 'DELETE' }), lambdaContext());

      expect(response).toEqual({ statusCode: 204, headers: { 'content-type': JSON_UTF8 } });
      expect(response).not.toHaveProperty('body');
    });

    it('sends no body when successStatus is 204, whatever the handler returns', async () => {
      const route = httpRoute({ successStatus: 204, handler: async () => undefined });

      const response = await route(httpApiEvent({ method: 'DELETE' }), lambdaContext());

      expect(response.statusCode).toBe(204);
      expect(response.body).toBeUndefined();
    });

    it('sends null, still valid JSON, when a 200 handler returns nothing', async () => {
      const route = httpRoute({ handler: async () => undefined });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response.body).toBe('null');
    });

    it('sends a plain { statusCode, body } object as a value, not as a response', async () => {
      const route = httpRoute({ handler: async () => ({ statusCode: 418, body: 'teapot' }) });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toEqual({ statusCode: 418, body: 'teapot' });
    });

    it('does not let the handler override the JSON content type', async () => {
      const route = httpRoute({
        handler: async () => respond(200, { ok: true }, { 'Content-Type': 'text/html' }),
      });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response.headers).toEqual({ 'content-type': JSON_UTF8 });
    });
  });

  describe('the inputs the handler receives', () => {
    it('passes the validated body, path, query, member id, event and context', async () => {
      const handler = spyHandler();
      const route = httpRoute({
        path: z.object({ postId: z.string() }),
        query: z.object({ dryRun: z.stringbool().default(false) }),
        body: z.object({ count: z.number() }),
        handler,
      });
      const context = lambdaContext();

      await route(clapEvent({ count: 3 }, { queryStringParameters: { dryRun: 'true' } }), context);

      expect(handler).toHaveBeenCalledTimes(1);
      const input = inputOf(handler);
      expect(input.body).toEqual({ count: 3 });
      expect(input.path).toEqual({ postId: 'p1' });
      expect(input.query).toEqual({ dryRun: true });
      expect(input.memberId).toBe('member-1');
      expect(input.context).toBe(context);
      expect(input.event).toMatchObject({ routeKey: 'POST /posts/p1/claps', rawPath: '/posts/p1/claps' });
    });

    it('coerces query numbers and applies their defaults', async () => {
      const seen: unknown[] = [];
      const route = httpRoute({
        query: z.object({ limit: queryNumber({ integer: true, min: 1, max: 100 }).default(20) }),
        handler: async ({ query }) => {
          seen.push(query.limit);
          return null;
        },
      });

      await route(httpApiEvent({ queryStringParameters: { limit: '50' } }), lambdaContext());
      await route(httpApiEvent(), lambdaContext());

      expect(seen).toEqual([50, 20]);
    });

    it('passes the raw path and query parameters when the route declares no schema for them', async () => {
      const handler = spyHandler();
      const route = httpRoute({ handler });

      await route(
        httpApiEvent({ pathParameters: { postId: 'p1' }, queryStringParameters: { q: 'x' } }),
        lambdaContext(),
      );
      await route(httpApiEvent(), lambdaContext());

      expect([inputOf(handler, 0), inputOf(handler, 1)].map((input) => [input.path, input.query])).toEqual([
        [{ postId: 'p1' }, { q: 'x' }],
        [{}, {}],
      ]);
    });

    it('does not read the body of a route without a body schema, even a malformed one', async () => {
      const handler = spyHandler();
      const route = httpRoute({ handler });

      const response = await route(rawJsonEvent('{not json'), lambdaContext());

      expect(response.statusCode).toBe(200);
      expect(inputOf(handler).body).toBeUndefined();
    });

    it('types the inputs from the zod schemas', async () => {
      const route = httpRoute({
        path: z.object({ postId: z.string() }),
        query: z.object({ limit: queryNumber({ integer: true }) }),
        body: z.object({ count: z.number() }),
        handler: async ({ body, path, query, memberId }) => {
          // These assignments are the assertions: `tsc` fails if the inferred types drift.
          const count: number = body.count;
          const postId: string = path.postId;
          const limit: number = query.limit;
          const member: string = memberId;
          // @ts-expect-error a field the body schema does not declare
          void body.total;
          return { count, postId, limit, member };
        },
      });

      const response = await route(
        clapEvent({ count: 2 }, { queryStringParameters: { limit: '5' } }),
        lambdaContext(),
      );

      expect(bodyOf(response)).toEqual({ count: 2, postId: 'p1', limit: 5, member: 'member-1' });
    });
    it('types the raw inputs of a route without schemas, and an optional member id on a public route', async () => {
      const route = httpRoute({
        auth: 'none',
        handler: async ({ body, path, query, memberId }) => {
          const noBody: undefined = body;
          const rawPath: Record<string, string | undefined> = path;
          const rawQuery: Record<string, string | undefined> = query;
          // @ts-expect-error a public route may have no member
          const member: string = memberId;
          return { noBody, rawPath, rawQuery, member: member ?? null };
        },
      });

      const response = await route(httpApiEvent({ sub: null, pathParameters: { id: '1' } }), lambdaContext());

      expect(bodyOf(response)).toEqual({ rawPath: { id: '1' }, rawQuery: {}, member: null });
    });
  });

  describe('refusing bad input before the handler runs', () => {
    it.each([
      {
        case: 'no body',
        event: httpApiEvent({ method: 'POST', pathParameters: { postId: 'p1' } }),
        status: 400,
        code: 'MissingBody',
      },
      {
        case: 'a text/plain body',
        event: clapEvent({ count: 1 }, { headers: { 'content-type': 'text/plain' } }),
        status: 415,
        code: 'UnsupportedMediaType',
      },
      {
        case: 'a body over 64 KiB',
        event: clapEvent({ count: 1, pad: 'x'.repeat(65_536) }),
        status: 413,
        code: 'PayloadTooLarge',
      },
      {
        case: 'malformed JSON',
        event: rawJsonEvent('{"count":', { pathParameters: { postId: 'p1' } }),
        status: 400,
        code: 'MalformedJson',
      },
      { case: 'a count over 50', event: clapEvent({ count: 51 }), status: 400, code: 'ValidationError' },
      {
        case: 'an empty post id',
        event: clapEvent({ count: 1 }, { pathParameters: { postId: '' } }),
        status: 400,
        code: 'ValidationError',
      },
      {
        case: 'no sub claim',
        event: clapEvent({ count: 1 }, { sub: null }),
        status: 401,
        code: 'Unauthorized',
      },
    ])('refuses $case with $status $code and never calls the handler', async ({ event, status, code }) => {
      const { route, handler } = clapRoute();

      const response = await route(event, lambdaContext());

      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toBe(JSON_UTF8);
      expect(errorOf(response).code).toBe(code);
      expect(handler).not.toHaveBeenCalled();
    });

    it('says what is wrong with the body, field by field', async () => {
      const { route } = clapRoute();

      const response = await route(clapEvent({ count: 51 }), lambdaContext());

      expect(errorOf(response)).toEqual({
        code: 'ValidationError',
        message: 'body.count: Too big: expected number to be <=50',
        details: [{ path: 'body.count', message: 'Too big: expected number to be <=50' }],
      });
    });

    it('checks the caller before reading the body, so an anonymous caller learns nothing about it', async () => {
      const { route } = clapRoute();

      const response = await route(rawJsonEvent('{oops', { sub: null }), lambdaContext());

      expect(response.statusCode).toBe(401);
      expect(errorOf(response).code).toBe('Unauthorized');
    });

    it('refuses a caller with no authorizer context at all', async () => {
      const { route } = clapRoute();

      const response = await route(clapEvent({ count: 1 }, { withoutAuthorizer: true }), lambdaContext());

      expect(response.statusCode).toBe(401);
    });

    it('honours a smaller maxBodyBytes', async () => {
      const handler = spyHandler();
      const route = httpRoute({ body: z.object({ note: z.string() }), maxBodyBytes: 16, handler });

      const small = await route(jsonEvent({ note: 'hi' }), lambdaContext());
      const large = await route(jsonEvent({ note: 'hello, world' }), lambdaContext());

      expect(small.statusCode).toBe(200);
      expect(large.statusCode).toBe(413);
      expect(errorOf(large).message).toBe('Request body is 23 bytes; this route accepts at most 16');
    });

    it('accepts a missing body when the body schema is optional', async () => {
      const handler = spyHandler();
      const route = httpRoute({ body: z.object({ note: z.string() }).optional(), handler });

      const response = await route(httpApiEvent({ method: 'POST' }), lambdaContext());

      expect(response.statusCode).toBe(200);
      expect(inputOf(handler).body).toBeUndefined();
    });
  });

  describe('public routes (auth: none)', () => {
    it('serves a caller without a sub claim, with no member id', async () => {
      const handler = spyHandler({ ok: true });
      const route = httpRoute({ auth: 'none', handler });

      const response = await route(httpApiEvent({ withoutAuthorizer: true }), lambdaContext());

      expect(response.statusCode).toBe(200);
      expect(inputOf(handler).memberId).toBeUndefined();
    });

    it('still tells the handler who the caller is when a token is present', async () => {
      const handler = spyHandler();
      const route = httpRoute({ auth: 'none', handler });

      await route(httpApiEvent({ sub: 'member-9' }), lambdaContext());

      expect(inputOf(handler).memberId).toBe('member-9');
    });
  });

  describe('errors the handler throws', () => {
    it('turns an HttpError into its status and JSON body', async () => {
      const route = httpRoute({
        handler: async () => {
          throw notFound('PostNotFound', 'No post p404');
        },
      });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response.statusCode).toBe(404);
      expect(bodyOf(response)).toEqual({ error: { code: 'PostNotFound', message: 'No post p404' } });
    });

    it('answers an unexpected error with a generic 500 and logs the real one under the route name', async () => {
      const logger = recordingLogger();
      const secret = new Error('ConditionalCheckFailed on table prod-claps for member-1');
      const route = httpRoute({
        name: 'clapForPost',
        logger,
        handler: async () => {
          throw secret;
        },
      });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response.statusCode).toBe(500);
      expect(errorOf(response).code).toBe('InternalError');
      expect(response.body).not.toContain('prod-claps');
      expect(response.body).not.toContain('member-1');
      expect(logger.calls).toEqual([['Request to clapForPost failed', secret]]);
    });

    it('answers 500 when the result cannot be serialised, instead of failing the invocation', async () => {
      const logger = recordingLogger();
      const route = httpRoute({ logger, handler: async () => ({ big: 1n }) });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response.statusCode).toBe(500);
      expect(errorOf(response).code).toBe('InternalError');
      expect(logger.calls).toHaveLength(1);
    });

    it('surfaces a 204 respond() with a body as a 500, since it is a programming error', async () => {
      const logger = recordingLogger();
      const route = httpRoute({ logger, handler: async () => respond(204, { oops: true }) });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response.statusCode).toBe(500);
      expect(String(logger.calls[0]?.[1])).toContain('a 204 response has no body');
    });
  });

  describe('configuration', () => {
    it.each([199, 302, 404, 200.5])('refuses successStatus %p at cold start', (successStatus) => {
      expect(() => httpRoute({ successStatus, handler: async () => null })).toThrow(RangeError);
    });

    it('refuses an unknown auth mode at cold start', () => {
      expect(() => httpRoute({ auth: 'maybe' as 'none', handler: async () => null })).toThrow(
        'auth must be "required" or "none", got "maybe"',
      );
    });

    it.each([0, -1, 1.5])('refuses maxBodyBytes %p at cold start', (maxBodyBytes) => {
      expect(() => httpRoute({ body: z.object({}), maxBodyBytes, handler: async () => null })).toThrow(
        RangeError,
      );
    });

    it('treats an option passed as undefined as its default', async () => {
      const route = httpRoute({ successStatus: undefined, auth: undefined, handler: async () => 'ok' });

      const anonymous = await route(httpApiEvent({ sub: null }), lambdaContext());
      const member = await route(httpApiEvent(), lambdaContext());

      expect(anonymous.statusCode).toBe(401);
      expect(member.statusCode).toBe(200);
    });

    it('returns a Middy instance that takes more middlewares', async () => {
      const route = httpRoute({ handler: async () => ({ ok: true }) }).use({
        after: (request) => {
          if (request.response) request.response.headers['cache-control'] = 'no-store';
        },
      });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response.headers).toEqual({ 'content-type': JSON_UTF8, 'cache-control': 'no-store' });
    });

    it('lets a later middleware refuse with an HttpError and still answer in JSON', async () => {
      const route = httpRoute({ handler: async () => ({ ok: true }) }).use({
        before: () => {
          throw new HttpError(429, 'TooManyRequests', 'Slow down');
        },
      });

      const response = await route(httpApiEvent(), lambdaContext());

      expect(response.statusCode).toBe(429);
      expect(errorOf(response)).toEqual({ code: 'TooManyRequests', message: 'Slow down' });
    });
  });
});
