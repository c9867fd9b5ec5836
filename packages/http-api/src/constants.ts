/** Default cap on a request body, counted in decoded bytes (not characters): 64 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** The status a route answers with when its handler returns a plain value. */
export const DEFAULT_SUCCESS_STATUS = 200;

/** The content type of every response, errors included: the error contract is JSON. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** How many validation issues a `ValidationError` message spells out; `details` always lists them all. */
export const MAX_SUMMARISED_ISSUES = 3;

/** What a caller sees for an unexpected error: the real one goes to the log, never to the response. */
export const INTERNAL_ERROR_MESSAGE = 'Something went wrong on our side; the error has been logged';

/** The stable `code` of every error this package produces itself. Clients may branch on them. */
export const ERROR_CODES = {
  malformedJson: 'MalformedJson',
  missingBody: 'MissingBody',
  payloadTooLarge: 'PayloadTooLarge',
  unsupportedMediaType: 'UnsupportedMediaType',
  validation: 'ValidationError',
  unauthorized: 'Unauthorized',
  routeNotFound: 'RouteNotFound',
  internal: 'InternalError',
} as const;
