import type { JWTPayload } from 'jose';

/**
 * The scopes a token carries, as API Gateway's JWT authorizer reads them: the `scope` claim (a
 * space-separated string, OAuth 2.0) or the `scp` claim (a string or a list, as some issuers write it).
 *
 * @example
 * tokenScopes({ scope: 'claps posts' }); // ['claps', 'posts']
 * tokenScopes({ scp: ['kes/replays'] }); // ['kes/replays']
 */
export const tokenScopes = (claims: JWTPayload): string[] => {
  const words = (value: unknown): string[] =>
    typeof value === 'string'
      ? value.split(' ').filter(Boolean)
      : Array.isArray(value)
        ? value.filter((item): item is string => typeof item === 'string')
        : [];
  return [...words(claims.scope), ...words(claims.scp)];
};

/**
 * Whether a verified token may call a route with these `AuthorizationScopes`: a route without scopes
 * takes any valid token; otherwise the token must carry **at least one** of them (not all) — HTTP API's
 * rule for JWT authorizers, which answers 403 `{"message":"Forbidden"}` when it does not.
 *
 * @example
 * scopesAllow(['kes/replays'], { scope: 'claps posts' }); // false
 * scopesAllow(['kes/replays', 'admin'], { scope: 'admin' }); // true
 */
export const scopesAllow = (routeScopes: readonly string[] | undefined, claims: JWTPayload): boolean => {
  if (!routeScopes || routeScopes.length === 0) return true;
  const carried = new Set(tokenScopes(claims));
  return routeScopes.some((scope) => carried.has(scope));
};
