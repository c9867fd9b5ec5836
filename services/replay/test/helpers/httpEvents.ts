import type { HttpApiEvent } from '@kes/http-api';
import type { Context } from 'aws-lambda';

/** An HTTP API (payload 2.0) event as the gateway sends it after the JWT authorizer let it through. */
export const httpEvent = (
  method: string,
  path: string,
  fields: { body?: string; pathParameters?: Record<string, string> } = {},
): HttpApiEvent =>
  ({
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'api.example.com', 'content-type': 'application/json' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: { sub: 'ops-1', scope: 'kes/replays' }, scopes: null },
      },
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'jest' },
      requestId: 'request-1',
      routeKey: `${method} ${path}`,
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1_767_225_600_000,
    },
    isBase64Encoded: false,
    ...(fields.body !== undefined ? { body: fields.body } : {}),
    ...(fields.pathParameters ? { pathParameters: fields.pathParameters } : {}),
  }) as HttpApiEvent;

export const lambdaContext = { functionName: 'test', awsRequestId: 'request-1' } as Context;

/** A route's answer with its JSON body parsed. */
export const answer = async (
  response: Promise<{ statusCode: number; headers?: Record<string, unknown>; body?: string }>,
) => {
  const { statusCode, headers, body } = await response;
  return {
    status: statusCode,
    headers: headers ?? {},
    // biome-ignore lint/suspicious/noExplicitAny: tests read whichever fields they assert on
    body: (body ? JSON.parse(body) : undefined) as any,
  };
};
