import type { Context } from 'aws-lambda';
import type { HttpApiEvent } from '../../src';

/** What a test says about a request; everything else gets a realistic HTTP API v2 default. */
export interface HttpApiEventOverrides {
  method?: string;
  /** The request path, e.g. `/posts/p1/claps`; also `rawPath`. */
  path?: string;
  routeKey?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  /** The JWT `sub` claim; `null` leaves the claim out. Default `member-1`. */
  sub?: string | null;
  /** Drops `requestContext.authorizer`, as on a route deployed without an authorizer. */
  withoutAuthorizer?: boolean;
}

/**
 * An API Gateway HTTP API (payload format 2.0) event with a JWT authorizer, shaped like the ones
 * API Gateway sends: lower-cased header names, optional fields left out when empty.
 */
export const httpApiEvent = (overrides: HttpApiEventOverrides = {}): HttpApiEvent => {
  const method = overrides.method ?? 'GET';
  const path = overrides.path ?? '/posts';
  const claims: Record<string, string> = { iss: 'https://issuer.example', aud: 'kes' };
  if (overrides.sub !== null) claims.sub = overrides.sub ?? 'member-1';
  const event: HttpApiEvent = {
    version: '2.0',
    routeKey: overrides.routeKey ?? `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(overrides.queryStringParameters ?? {}).toString(),
    headers: { host: 'api.example.com', 'user-agent': 'jest', ...overrides.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: null } },
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' },
      requestId: 'request-1',
      routeKey: overrides.routeKey ?? `${method} ${path}`,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1_767_225_600_000,
    },
    isBase64Encoded: overrides.isBase64Encoded ?? false,
  };
  if (overrides.body !== undefined) event.body = overrides.body;
  if (overrides.pathParameters) event.pathParameters = overrides.pathParameters;
  if (overrides.queryStringParameters) event.queryStringParameters = overrides.queryStringParameters;
  if (overrides.withoutAuthorizer) {
    delete (event.requestContext as Partial<HttpApiEvent['requestContext']>).authorizer;
  }
  return event;
};

/** A POST whose body is `value` serialised as JSON, with an `application/json` content type. */
export const jsonEvent = (value: unknown, overrides: HttpApiEventOverrides = {}): HttpApiEvent =>
  httpApiEvent({
    method: 'POST',
    body: JSON.stringify(value),
    ...overrides,
    headers: { 'content-type': 'application/json', ...overrides.headers },
  });

/** A POST whose raw body is `body`, with an `application/json` content type. */
export const rawJsonEvent = (body: string, overrides: HttpApiEventOverrides = {}): HttpApiEvent =>
  httpApiEvent({
    method: 'POST',
    body,
    ...overrides,
    headers: { 'content-type': 'application/json', ...overrides.headers },
  });

/** A Lambda context; plenty of time left, so Middy's early timeout never fires in a test. */
export const lambdaContext = (): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'posts-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:posts-api',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-request-1',
  logGroupName: '/aws/lambda/posts-api',
  logStreamName: '2026/01/01/[$LATEST]abc',
  getRemainingTimeInMillis: () => 30_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

/**
 * A JSON body of exactly `bytes` UTF-8 bytes: `{"text":"…"}`, the text made of `filler` (which may be a
 * multi-byte character) and topped up with ASCII `a` to land on the exact size.
 */
export const jsonOfBytes = (bytes: number, filler = 'a'): string => {
  const room = bytes - '{"text":""}'.length;
  if (room < 0) throw new Error(`a JSON body cannot be as small as ${bytes} bytes`);
  const fillerBytes = Buffer.byteLength(filler, 'utf8');
  const text = filler.repeat(Math.floor(room / fillerBytes)) + 'a'.repeat(room % fillerBytes);
  return `{"text":"${text}"}`;
};
