import type { IncomingMessage } from 'node:http';
import type { RouteMatch } from '../../src/gateway/routeMatcher';
import type { RouteDefinition } from '../../src/provision/definitions';

export const API_ID = 'a1b2c3d4e5';

/** A route of the HTTP API; the function is named after the route key unless given. */
export const route = (routeKey: string, fields: Partial<RouteDefinition> = {}): RouteDefinition => ({
  apiId: API_ID,
  routeKey,
  functionName: `fn ${routeKey}`,
  authorizationType: 'NONE',
  stackName: 'kes-posts-local',
  ...fields,
});

export interface RequestSpec {
  method?: string;
  url?: string;
  /** Headers as they came on the wire: [name, value] pairs, repeats allowed. */
  headers?: Array<[string, string]>;
  remoteAddress?: string;
  httpVersion?: string;
}

/**
 * The parts of a Node IncomingMessage the event builder reads, as Node fills them: `rawHeaders` keeps
 * names and repeats, `headers` lower-cases names and joins repeated cookies with "; ".
 */
export const incomingRequest = (spec: RequestSpec = {}): IncomingMessage => {
  const raw = spec.headers ?? [['Host', 'localhost:3000']];
  const headers: Record<string, string> = {};
  for (const [name, value] of raw) {
    const key = name.toLowerCase();
    const separator = key === 'cookie' ? '; ' : ', ';
    headers[key] = headers[key] === undefined ? value : `${headers[key]}${separator}${value}`;
  }
  return {
    method: spec.method ?? 'GET',
    url: spec.url ?? '/',
    rawHeaders: raw.flat(),
    headers,
    httpVersion: spec.httpVersion ?? '1.1',
    socket: { remoteAddress: spec.remoteAddress ?? '127.0.0.1' },
  } as unknown as IncomingMessage;
};

/** A match of `routeKey` with these path parameters. */
export const matchOf = (routeKey: string, pathParameters: Record<string, string> = {}): RouteMatch => ({
  route: route(routeKey),
  pathParameters,
});
