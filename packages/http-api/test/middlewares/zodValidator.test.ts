import middy from '@middy/core';
import { z } from 'zod';
import {
  type HttpApiEvent,
  type HttpResponse,
  httpErrorHandler,
  jsonBodyParser,
  jsonResponse,
  type ZodValidatorOptions,
  zodValidator,
} from '../../src';
import { httpApiEvent, jsonEvent, lambdaContext } from '../helpers/httpApiEvent';
import { errorOf } from '../helpers/responses';

interface ValidatedEvent {
  body?: unknown;
  pathParameters?: unknown;
  queryStringParameters?: unknown;
}

/** A handler behind the body parser and the validator that records the event it was given. */
const validator = (schemas: ZodValidatorOptions) => {
  const seen: ValidatedEvent[] = [];
  const handler = middy<HttpApiEvent, HttpResponse>(async (event: HttpApiEvent) => {
    seen.push(event as unknown as ValidatedEvent);
    return jsonResponse(200, { ok: true });
  })
    .use(httpErrorHandler())
    .use(jsonBodyParser({ required: false }))
    .use(zodValidator(schemas));
  const send = (event: HttpApiEvent) => handler(event, lambdaContext());
  return { send, seen };
};

const order = z.object({
  customer: z.object({ email: z.email() }),
  items: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })).min(1),
});

describe('zodValidator', () => {
  describe('a valid request', () => {
    it('replaces each validated part with the schema output: coerced, defaulted, unknown keys stripped', async () => {
      const { send, seen } = validator({
        path: z.object({ postId: z.string() }),
        query: z.object({
          limit: z.coerce.number().default(10),
          sort: z.enum(['new', 'top']).default('new'),
        }),
        body: z.object({ count: z.number() }),
      });

      const response = await send(
        jsonEvent(
          { count: 2, extra: 'dropped' },
          { pathParameters: { postId: 'p1' }, queryStringParameters: { limit: '5' } },
        ),
      );

      expect(response.statusCode).toBe(200);
      expect(seen[0]?.pathParameters).toEqual({ postId: 'p1' });
      expect(seen[0]?.queryStringParameters).toEqual({ limit: 5, sort: 'new' });
      expect(seen[0]?.body).toEqual({ count: 2 });
    });

    it('validates absent path and query parameters as empty objects, so defaults apply', async () => {
      const { send, seen } = validator({ query: z.object({ limit: z.coerce.number().default(10) }) });

      await send(httpApiEvent());

      expect(seen[0]?.queryStringParameters).toEqual({ limit: 10 });
    });

    it('leaves the parts it has no schema for untouched', async () => {
      const { send, seen } = validator({ path: z.object({ postId: z.string() }) });

      await send(
        httpApiEvent({ pathParameters: { postId: 'p1' }, queryStringParameters: { anything: 'goes' } }),
      );

      expect(seen[0]?.queryStringParameters).toEqual({ anything: 'goes' });
    });

    it('runs async refinements', async () => {
      const taken = new Set(['alice']);
      const { send } = validator({
        body: z.object({
          handle: z.string().refine(async (handle) => !taken.has(handle), 'Handle is taken'),
        }),
      });

      const free = await send(jsonEvent({ handle: 'bob' }));
      const clash = await send(jsonEvent({ handle: 'alice' }));

      expect(free.statusCode).toBe(200);
      expect(errorOf(clash).details).toEqual([{ path: 'body.handle', message: 'Handle is taken' }]);
    });
  });

  describe('an invalid request', () => {
    it('refuses with 400 ValidationError naming the field and the rule it breaks', async () => {
      const { send, seen } = validator({ body: z.object({ count: z.number().int().max(50) }) });

      const response = await send(jsonEvent({ count: 51 }));

      expect(response.statusCode).toBe(400);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(errorOf(response)).toEqual({
        code: 'ValidationError',
        message: 'body.count: Too big: expected number to be <=50',
        details: [{ path: 'body.count', message: 'Too big: expected number to be <=50' }],
      });
      expect(seen).toHaveLength(0);
    });

    it('gives nested fields and array items dotted paths', async () => {
      const { send } = validator({ body: order });

      const response = await send(
        jsonEvent({ customer: { email: 'not-an-email' }, items: [{ sku: 'a', quantity: 1 }, { sku: '' }] }),
      );

      expect(errorOf(response).details).toEqual([
        { path: 'body.customer.email', message: 'Invalid email address' },
        { path: 'body.items.1.sku', message: 'Too small: expected string to have >=1 characters' },
        { path: 'body.items.1.quantity', message: 'Invalid input: expected number, received undefined' },
      ]);
    });

    it('lists every issue in details but summarises only the first three in the message', async () => {
      const { send } = validator({
        body: z.object({ a: z.string(), b: z.string(), c: z.string(), d: z.string(), e: z.string() }),
      });

      const response = await send(jsonEvent({}));

      const error = errorOf(response);
      expect(error.details).toHaveLength(5);
      expect(error.details?.map((detail) => detail.path)).toEqual([
        'body.a',
        'body.b',
        'body.c',
        'body.d',
        'body.e',
      ]);
      expect(error.message).toBe(
        'body.a: Invalid input: expected string, received undefined; ' +
          'body.b: Invalid input: expected string, received undefined; ' +
          'body.c: Invalid input: expected string, received undefined (and 2 more)',
      );
    });

    it('reports the issues of path, query and body together, in that order', async () => {
      const { send } = validator({
        path: z.object({ postId: z.uuid() }),
        query: z.object({ limit: z.coerce.number().max(100) }),
        body: z.object({ count: z.number() }),
      });

      const response = await send(
        jsonEvent(
          { count: 'three' },
          { pathParameters: { postId: 'p1' }, queryStringParameters: { limit: '500' } },
        ),
      );

      expect(errorOf(response).details?.map((detail) => detail.path)).toEqual([
        'path.postId',
        'query.limit',
        'body.count',
      ]);
    });

    it('names the part itself when the whole value has the wrong shape', async () => {
      const { send } = validator({ body: z.object({ count: z.number() }) });

      const response = await send(jsonEvent([1, 2, 3]));

      expect(errorOf(response).details).toEqual([
        { path: 'body', message: 'Invalid input: expected object, received array' },
      ]);
    });

    it('names a missing body when the body schema requires one and no parser refused it first', async () => {
      const { send } = validator({ body: z.object({ count: z.number() }) });

      const response = await send(httpApiEvent({ method: 'POST' }));

      expect(errorOf(response).details).toEqual([
        { path: 'body', message: 'Invalid input: expected object, received undefined' },
      ]);
    });

    it('names a missing path parameter', async () => {
      const { send } = validator({ path: z.object({ postId: z.string() }) });

      const response = await send(httpApiEvent());

      expect(errorOf(response).message).toBe(
        'path.postId: Invalid input: expected string, received undefined',
      );
    });

    it('names unknown keys refused by a strict schema', async () => {
      const { send } = validator({ body: z.strictObject({ count: z.number() }) });

      const response = await send(jsonEvent({ count: 1, admin: true }));

      expect(errorOf(response).details).toEqual([{ path: 'body', message: 'Unrecognized key: "admin"' }]);
    });

    it('replaces nothing when any part is invalid, so a later middleware sees the request as it came', async () => {
      const events: HttpApiEvent[] = [];
      const handler = middy<HttpApiEvent, HttpResponse>(async () => jsonResponse(200, null))
        .use(httpErrorHandler())
        .use(
          zodValidator({
            path: z.object({ postId: z.string().transform((id) => id.toUpperCase()) }),
            query: z.object({ limit: z.coerce.number().max(10) }),
          }),
        )
        .use({
          onError: (request) => {
            events.push(request.event);
          },
        });

      await handler(
        httpApiEvent({ pathParameters: { postId: 'p1' }, queryStringParameters: { limit: '99' } }),
        lambdaContext(),
      );

      expect(events[0]?.pathParameters).toEqual({ postId: 'p1' });
      expect(events[0]?.queryStringParameters).toEqual({ limit: '99' });
    });
  });
});
