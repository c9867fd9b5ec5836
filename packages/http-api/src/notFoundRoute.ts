import middy, { type MiddyfiedHandler } from '@middy/core';
import type { Context } from 'aws-lambda';
import { ERROR_CODES } from './constants';
import { HttpError } from './errors';
import { type HttpErrorHandlerOptions, httpErrorHandler } from './middlewares/httpErrorHandler';
import type { HttpApiEvent, HttpResponse } from './types';

// The path is echoed back; a caller needs no more of it than this to recognise their request.
const MAX_ECHOED_PATH_CHARS = 200;

/**
 * A handler for the HTTP API `$default` route, so that a request no route matches gets the same JSON
 * error shape as every other refusal: 404 `RouteNotFound`, "No route for GET /x", instead of API
 * Gateway's bare `{"message":"Not Found"}`.
 *
 * @example
 * // serverless.yml: events: [{ httpApi: { path: '$default', method: '*', authorizer: { name: jwt } } }]
 * export const handler = notFoundRoute();
 */
export const notFoundRoute = (
  options: HttpErrorHandlerOptions = {},
): MiddyfiedHandler<HttpApiEvent, HttpResponse, Error, Context> => {
  const notFoundHandler = (event: HttpApiEvent): never => {
    const { method = 'UNKNOWN', path = '/' } = event.requestContext?.http ?? {};
    const shown = path.length > MAX_ECHOED_PATH_CHARS ? `${path.slice(0, MAX_ECHOED_PATH_CHARS)}…` : path;
    throw new HttpError(404, ERROR_CODES.routeNotFound, `No route for ${method} ${shown}`);
  };
  return middy<HttpApiEvent, HttpResponse>(notFoundHandler).use(httpErrorHandler(options));
};
