import middy from '@middy/core';
import {
  type HttpApiEvent,
  HttpError,
  type HttpErrorHandlerOptions,
  type HttpResponse,
  httpErrorHandler,
  jsonResponse,
} from '../../src';
import { httpApiEvent, lambdaContext } from '../helpers/httpApiEvent';
import { bodyOf, errorOf, recordingLogger } from '../helpers/responses';

/** A handler that throws `thrown`, behind the error handler. */
const failingWith = (thrown: unknown, options: HttpErrorHandlerOptions = {}) =>
  middy<HttpApiEvent, HttpResponse>(async () => {
    throw thrown;
  }).use(httpErrorHandler(options));

const event = httpApiEvent({
  method: 'POST',
  path: '/posts/p1/claps',
  routeKey: 'POST /posts/{postId}/claps',
});

describe('httpErrorHandler', () => {
  describe('an HttpError', () => {
    it('becomes a response with its status, code and message, in JSON', async () => {
      const response = await failingWith(new HttpError(409, 'VersionConflict', 'Post p1 is at version 8'))(
        event,
        lambdaContext(),
      );

      expect(response).toEqual({
        statusCode: 409,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"error":{"code":"VersionConflict","message":"Post p1 is at version 8"}}',
      });
    });

    it('carries its details', async () => {
      const details = [{ path: 'body.count', message: 'Too big' }];

      const response = await failingWith(
        new HttpError(400, 'ValidationError', 'body.count: Too big', { details }),
      )(event, lambdaContext());

      expect(bodyOf(response)).toEqual({
        error: { code: 'ValidationError', message: 'body.count: Too big', details },
      });
    });

    it('carries its headers, but never replaces the JSON content type', async () => {
      const error = new HttpError(429, 'TooManyRequests', 'Slow down', {
        headers: { 'retry-after': '30', 'content-type': 'text/plain' },
      });

      const response = await failingWith(error)(event, lambdaContext());

      expect(response.headers).toEqual({
        'retry-after': '30',
        'content-type': 'application/json; charset=utf-8',
      });
    });

    it('is not logged when it is a 4xx: refusing bad input is the route working', async () => {
      const logger = recordingLogger();

      await failingWith(new HttpError(404, 'PostNotFound', 'No post p1'), { logger })(event, lambdaContext());

      expect(logger.calls).toEqual([]);
    });

    it('is sent as it is but also logged when it is a 5xx', async () => {
      const logger = recordingLogger();
      const error = new HttpError(503, 'StreamUnavailable', 'Try again in a minute');

      const response = await failingWith(error, { logger })(event, lambdaContext());

      expect(response.statusCode).toBe(503);
      expect(errorOf(response)).toEqual({ code: 'StreamUnavailable', message: 'Try again in a minute' });
      expect(logger.calls).toEqual([['Request to POST /posts/{postId}/claps failed', error]]);
    });
  });

  describe('any other error', () => {
    const secret = new Error('AccessDenied: arn:aws:dynamodb:eu-west-1:123456789012:table/prod-claps');

    it('becomes 500 InternalError with a generic message', async () => {
      const response = await failingWith(secret, { logger: recordingLogger() })(event, lambdaContext());

      expect(response.statusCode).toBe(500);
      expect(response.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
      expect(errorOf(response)).toEqual({
        code: 'InternalError',
        message: 'Something went wrong on our side; the error has been logged',
      });
    });

    it('never leaks the message or the stack to the caller', async () => {
      const response = await failingWith(secret, { logger: recordingLogger() })(event, lambdaContext());

      expect(response.body).not.toContain('AccessDenied');
      expect(response.body).not.toContain('prod-claps');
      // A stack would name this test file in its frames.
      expect(response.body).not.toContain('httpErrorHandler.test');
    });

    it('logs the real error, with its stack, under the route key', async () => {
      const logger = recordingLogger();

      await failingWith(secret, { logger })(event, lambdaContext());

      expect(logger.calls).toHaveLength(1);
      const [message, logged] = logger.calls[0] ?? [];
      expect(message).toBe('Request to POST /posts/{postId}/claps failed');
      expect(logged).toBe(secret);
      expect((logged as Error).stack).toContain('AccessDenied');
    });

    it('logs under the name given in the options instead of the route key', async () => {
      const logger = recordingLogger();

      await failingWith(secret, { logger, name: 'clapForPost' })(event, lambdaContext());

      expect(logger.calls[0]?.[0]).toBe('Request to clapForPost failed');
    });

    it('wraps a thrown value that is not an Error so the log still gets a stack', async () => {
      const logger = recordingLogger();

      const response = await failingWith('plain string', { logger })(event, lambdaContext());

      expect(response.statusCode).toBe(500);
      const logged = logger.calls[0]?.[1];
      expect(logged).toBeInstanceOf(Error);
      expect((logged as Error).message).toBe('plain string');
    });

    it('still answers 500 in JSON when the logger itself throws', async () => {
      const logger = {
        error: () => {
          throw new Error('log sink is down');
        },
      };

      const response = await failingWith(secret, { logger })(event, lambdaContext());

      expect(response.statusCode).toBe(500);
      expect(errorOf(response).code).toBe('InternalError');
    });

    it('logs to console.error by default', async () => {
      const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        await failingWith(secret)(event, lambdaContext());

        expect(consoleError).toHaveBeenCalledWith('Request to POST /posts/{postId}/claps failed', secret);
      } finally {
        consoleError.mockRestore();
      }
    });
  });

  it('leaves alone a response that an error middleware running before it has set', async () => {
    const handler = middy<HttpApiEvent, HttpResponse>(async () => {
      throw new Error('boom');
    })
      .use(httpErrorHandler({ logger: recordingLogger() }))
      // Used later, so its onError runs earlier.
      .use({
        onError: (request) => {
          request.response = jsonResponse(503, { retry: true });
        },
      });

    const response = await handler(event, lambdaContext());

    expect(response.statusCode).toBe(503);
    expect(bodyOf(response)).toEqual({ retry: true });
  });

  it('has nothing to do when the handler succeeds', async () => {
    const handler = middy<HttpApiEvent, HttpResponse>(async () => jsonResponse(200, { ok: true })).use(
      httpErrorHandler(),
    );

    const response = await handler(event, lambdaContext());

    expect(response).toEqual(jsonResponse(200, { ok: true }));
  });
});
