import type { HttpApiEvent } from './types';

/**
 * The caller's member id: the `sub` claim the HTTP API JWT authorizer put in the request context, or
 * `undefined` when there is none (a route without an authorizer, a token without `sub`, an empty one).
 *
 * @example
 * const memberId = memberIdOf(event); // 'a1b2c3…' | undefined
 */
export const memberIdOf = (event: HttpApiEvent): string | undefined => {
  // The type says `authorizer` is always there, but a route without an authorizer has none at runtime.
  const sub: unknown = event.requestContext?.authorizer?.jwt?.claims?.sub;
  return typeof sub === 'string' && sub.trim() !== '' ? sub : undefined;
};
