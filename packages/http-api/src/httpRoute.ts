import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_SUCCESS_STATUS } from './constants';
import { jsonResponse } from './jsonResponse';
import { memberIdOf } from './memberIdOf';
import { httpErrorHandler } from './middlewares/httpErrorHandler';
import { jsonBodyParser } from './middlewares/jsonBodyParser';
import { requireMember } from './middlewares/requireMember';
import { zodValidator } from './middlewares/zodValidator';
import { isRouteResponse } from './respond';
import type { AuthMode, HttpApiEvent, HttpResponse, HttpRouteOptions, RouteInput } from './types';
import { withDefaults } from './withDefaults';

const defaults = {
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  successStatus: DEFAULT_SUCCESS_STATUS,
  auth: 'required' as AuthMode,
};

/** A body schema that accepts `undefined` makes the body optional; one with async checks is assumed not to. */
const acceptsNoBody = (schema: z.ZodType): boolean => {
  try {
    return schema.safeParse(undefined).success;
  } catch {
    return false;
  }
};

/**
 * A Lambda handler for one HTTP API route: it checks the caller, parses and validates the request
 * against zod schemas, calls `handler` with typed inputs, and answers in JSON. Any refusal happens
 * before `handler` runs, so bad input changes nothing; every error becomes
 * `{ error: { code, message, details? } }` (see `httpErrorHandler`).
 *
 * The result is a Middy instance: add middlewares with `.use()`.
 *
 * @example
 * export const handler = httpRoute({
 *   path: z.object({ postId: z.string().min(1) }),
 *   body: z.object({ count: z.number().int().min(1).max(50) }),
 *   successStatus: 202,
 *   handler: async ({ path, body, memberId }) => clap(path.postId, memberId, body.count),
 * });
 */
export const httpRoute = <
  B extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  A extends AuthMode = 'required',
>(
  options: HttpRouteOptions<B, P, Q, A>,
): MiddyfiedHandler<HttpApiEvent, HttpResponse, Error, Context> => {
  const { name, body, path, query, maxBodyBytes, successStatus, auth, logger, handler } = withDefaults(
    defaults,
    options,
  );
  if (!Number.isInteger(successStatus) || successStatus < 200 || successStatus > 299) {
    throw new RangeError(`successStatus must be an integer from 200 to 299, got ${successStatus}`);
  }
  if (auth !== 'required' && auth !== 'none') {
    throw new RangeError(`auth must be "required" or "none", got ${JSON.stringify(auth)}`);
  }

  const routeHandler = async (event: HttpApiEvent, context: Context): Promise<HttpResponse> => {
    // The middlewares below have replaced the raw inputs with their validated forms.
    const input = {
      // Without a body schema the body is never parsed, so the raw string must not pose as input.
      body: body ? event.body : undefined,
      path: event.pathParameters ?? {},
      query: event.queryStringParameters ?? {},
      memberId: memberIdOf(event),
      event,
      context,
    } as unknown as RouteInput<B, P, Q, A>;
    const result = await handler(input);
    if (isRouteResponse(result)) return jsonResponse(result.statusCode, result.body, result.headers);
    return jsonResponse(successStatus, result);
  };

  // Order matters: the error handler first (its onError runs last), then the caller, then the input.
  const route = middy<HttpApiEvent, HttpResponse>(routeHandler).use(httpErrorHandler({ logger, name }));
  if (auth === 'required') route.use(requireMember());
  if (body) route.use(jsonBodyParser({ maxBodyBytes, required: !acceptsNoBody(body) }));
  if (body || path || query) route.use(zodValidator({ body, path, query }));
  return route;
};
