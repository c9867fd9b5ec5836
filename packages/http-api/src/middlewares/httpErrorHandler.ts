import { ERROR_CODES, INTERNAL_ERROR_MESSAGE } from '../constants';
import { HttpError, isHttpError } from '../errors';
import { jsonResponse } from '../jsonResponse';
import type { ErrorLogger, ErrorResponseBody, HttpMiddleware, HttpResponse } from '../types';
import { withDefaults } from '../withDefaults';

/** Options of {@link httpErrorHandler}. */
export interface HttpErrorHandlerOptions {
  /** Where unexpected errors go, with their stack. Default `console`. */
  logger?: ErrorLogger;
  /** Names the route in logs; defaults to the event's `routeKey`, e.g. `POST /posts/{postId}/claps`. */
  name?: string;
}

const defaults: { logger: ErrorLogger } = { logger: console };

const toResponse = (error: HttpError): HttpResponse => {
  const body: ErrorResponseBody = {
    error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
  };
  return jsonResponse(error.statusCode, body, error.headers);
};

/**
 * Turns every error into a JSON response: an {@link HttpError} into its status and
 * `{ error: { code, message, details? } }`; anything else into 500 `InternalError` with a generic
 * message, after logging the real error (with its stack) — its message may hold table names, SDK
 * output or member data, so it never reaches the caller. HttpErrors of status 500 and above are logged too.
 *
 * Use it first, so that its `onError` runs last and catches what every other middleware throws.
 *
 * @example
 * export const handler = middy(lambdaHandler).use(httpErrorHandler({ logger: new Logger() }));
 */
export const httpErrorHandler = (options: HttpErrorHandlerOptions = {}): HttpMiddleware => {
  const { logger, name } = withDefaults(defaults, options);

  const log = (route: string, error: unknown): void => {
    try {
      logger.error(`Request to ${route} failed`, error instanceof Error ? error : new Error(String(error)));
    } catch {
      // A broken logger must not turn a JSON 500 into API Gateway's bare "Internal Server Error".
    }
  };

  const httpErrorHandlerOnError: HttpMiddleware['onError'] = (request) => {
    // Another error middleware already answered: respect its response.
    if (request.response !== undefined) return;
    const { error } = request;
    if (isHttpError(error) && error.statusCode < 500) {
      request.response = toResponse(error);
      return;
    }
    log(name ?? request.event?.routeKey ?? 'an unknown route', error);
    request.response = toResponse(
      isHttpError(error) ? error : new HttpError(500, ERROR_CODES.internal, INTERNAL_ERROR_MESSAGE),
    );
  };

  return { onError: httpErrorHandlerOnError };
};
