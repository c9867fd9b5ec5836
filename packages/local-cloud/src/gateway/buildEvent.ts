import type { IncomingMessage } from 'node:http';
import type { JWTPayload } from 'jose';
import type { RouteMatch } from './routeMatcher';

const TEXT_TYPES = /^(text\/|application\/(json|xml|x-www-form-urlencoded|javascript)|[^;]*\+json)/i;

/** Header map as API Gateway v2 builds it: lower-case names, repeated headers joined with commas. */
const headersOf = (req: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] as string).toLowerCase();
    if (name === 'cookie') continue;
    const value = req.rawHeaders[i + 1] as string;
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return headers;
};

/** AWS passes JWT claims to the function as strings. */
const stringClaims = (claims: JWTPayload): Record<string, string> =>
  Object.fromEntries(
    Object.entries(claims).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
    ]),
  );

export interface EventContext {
  apiId: string;
  requestId: string;
  receivedAt: Date;
  match: RouteMatch;
  claims: JWTPayload | undefined;
  body: Buffer;
}

/**
 * The API Gateway HTTP API (payload format 2.0) event for a request, as AWS builds it: route key, raw
 * and parsed path/query, headers, cookies, JWT claims, base64 for binary bodies.
 */
export const buildHttpApiEvent = (req: IncomingMessage, ctx: EventContext): Record<string, unknown> => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers = headersOf(req);
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams)
    query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  const cookies = req.headers.cookie
    ?.split(';')
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const isText = ctx.body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  const method = (req.method ?? 'GET').toUpperCase();
  const scope = ctx.claims?.scope;
  return {
    version: '2.0',
    routeKey: ctx.match.route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: ctx.apiId,
      ...(ctx.claims
        ? {
            authorizer: {
              jwt: {
                claims: stringClaims(ctx.claims),
                scopes: typeof scope === 'string' ? scope.split(' ') : null,
              },
            },
          }
        : {}),
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0],
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: ctx.requestId,
      routeKey: ctx.match.route.routeKey,
      stage: '$default',
      time: ctx.receivedAt.toISOString(),
      timeEpoch: ctx.receivedAt.getTime(),
    },
    ...(Object.keys(ctx.match.pathParameters).length ? { pathParameters: ctx.match.pathParameters } : {}),
    ...(ctx.body.length ? { body: isText ? ctx.body.toString('utf8') : ctx.body.toString('base64') } : {}),
    isBase64Encoded: !isText,
  };
};
