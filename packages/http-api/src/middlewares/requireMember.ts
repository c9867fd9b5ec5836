import { ERROR_CODES } from '../constants';
import { HttpError } from '../errors';
import { memberIdOf } from '../memberIdOf';
import type { HttpMiddleware } from '../types';

/**
 * Refuses, with 401 `Unauthorized`, a request whose JWT carries no `sub` claim. The HTTP API JWT
 * authorizer normally rejects such requests before Lambda runs; this is defence in depth against a route
 * deployed without its authorizer or a token issued without a subject. Use it before any middleware
 * that reads the body, so an anonymous caller learns nothing about the route.
 *
 * @example
 * export const handler = middy(lambdaHandler).use(httpErrorHandler()).use(requireMember());
 */
export const requireMember = (): HttpMiddleware => {
  const requireMemberBefore: HttpMiddleware['before'] = (request) => {
    if (memberIdOf(request.event) !== undefined) return;
    throw new HttpError(
      401,
      ERROR_CODES.unauthorized,
      'This route needs a bearer token with a subject (sub) claim',
      {
        headers: { 'www-authenticate': 'Bearer' },
      },
    );
  };

  return { before: requireMemberBefore };
};
