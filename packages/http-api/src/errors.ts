import type { ErrorDetail } from './types';

/** What an {@link HttpError} may carry besides its status, code and message. */
export interface HttpErrorOptions {
  /** Field-level problems, listed in the response as `error.details`. */
  details?: ErrorDetail[];
  /** Extra response headers, e.g. `www-authenticate` on a 401. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * A refusal meant for the caller: `httpErrorHandler` turns it into a response with this status and the
 * JSON body `{ error: { code, message, details? } }`. `code` is stable and safe for clients to branch on;
 * `message` says what is wrong in words a person can act on, so it must not carry secrets.
 *
 * @example
 * throw new HttpError(409, 'AlreadyClapped', 'You have already clapped for this post');
 */
export class HttpError extends Error {
  public readonly statusCode: number;
  public readonly code: string;
  public readonly details: ErrorDetail[] | undefined;
  public readonly headers: Record<string, string>;

  public constructor(statusCode: number, code: string, message: string, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // Only error statuses: a 2xx "error" would tell the client that a refused request succeeded.
    if (!Number.isInteger(statusCode) || statusCode < 400 || statusCode > 599) {
      throw new RangeError(`HttpError status must be an integer from 400 to 599, got ${statusCode}`);
    }
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/**
 * Type guard for {@link HttpError}, optionally of one `code`.
 *
 * @example
 * if (isHttpError(error, 'ValidationError')) console.log(error.details);
 */
export const isHttpError = (error: unknown, code?: string): error is HttpError =>
  error instanceof HttpError && (code === undefined || error.code === code);

/**
 * 400: the request is wrong in a way the caller can fix.
 *
 * @example
 * throw badRequest('SelfClap', 'Authors cannot clap for their own posts');
 */
export const badRequest = (code: string, message: string, details?: ErrorDetail[]): HttpError =>
  new HttpError(400, code, message, { details });

/**
 * 404: the thing the request names does not exist.
 *
 * @example
 * throw notFound('PostNotFound', `No post ${postId}`);
 */
export const notFound = (code: string, message: string): HttpError => new HttpError(404, code, message);

/**
 * 409: the request conflicts with the current state, e.g. a stale version.
 *
 * @example
 * throw conflict('VersionConflict', `Post ${postId} is at version 8, not 7`);
 */
export const conflict = (code: string, message: string, details?: ErrorDetail[]): HttpError =>
  new HttpError(409, code, message, { details });

/**
 * 422: the request is well-formed but breaks a business rule.
 *
 * @example
 * throw unprocessable('ClapLimitReached', 'A member can clap at most 50 times per post');
 */
export const unprocessable = (code: string, message: string, details?: ErrorDetail[]): HttpError =>
  new HttpError(422, code, message, { details });
