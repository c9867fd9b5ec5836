import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { JWTPayload } from 'jose';
import type { InvokeResult } from '../esm/LambdaInvoker';
import type { AuthorizerDefinition, HttpApiDefinition, RouteDefinition } from '../provision/definitions';
import { closeServer, listenOnLoopback, urlOf } from '../util/net';
import { buildHttpApiEvent } from './buildEvent';
import { formatAccessLog } from './formatAccessLog';
import { RouteMatcher } from './routeMatcher';
import { scopesAllow } from './scopesAllow';

/** API Gateway's payload limit for HTTP APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface GatewayOptions {
  port: number;
  api: HttpApiDefinition;
  routes: RouteDefinition[];
  authorizers: AuthorizerDefinition[];
  invoke: (functionName: string, event: unknown) => Promise<InvokeResult>;
  /** Verifies a bearer token for a JWT authorizer; throws with the reason when it is not acceptable. */
  verifyToken: (token: string, authorizer: AuthorizerDefinition) => Promise<JWTPayload>;
  accessLog: (line: string) => void;
}

interface GatewayError {
  status: number;
  code: string;
  message: string;
  /** What AWS itself answers in this case (`{"message": ...}`), kept for clients written against AWS. */
  awsMessage: string;
  headers?: Record<string, string>;
}

/**
 * The local API Gateway HTTP API: one base URL for the routes of every service, as on AWS, built from the
 * packaged templates' Route, Integration and Authorizer resources. JWT routes check the bearer token
 * (signature, expiry, issuer, audience) and the route's `AuthorizationScopes` (at least one in the token's
 * `scope`/`scp`, else 403); the request becomes a payload-2.0 event for the function, invoked
 * through serverless-offline, and the function's answer becomes the HTTP response.
 *
 * Where AWS answers with its fixed `{"message": "Unauthorized"}` body, this gateway answers with the same
 * `message` plus the project's `{"error": {"code", "message"}}`, which says what was wrong.
 */
export class HttpApiGateway {
  readonly #options: GatewayOptions;
  readonly #matcher: RouteMatcher;
  readonly #authorizers: Map<string, AuthorizerDefinition>;
  #server: Server | undefined;

  public constructor(options: GatewayOptions) {
    this.#options = options;
    this.#matcher = new RouteMatcher(options.routes);
    this.#authorizers = new Map(options.authorizers.map((authorizer) => [authorizer.id, authorizer]));
  }

  public get url(): string {
    return urlOf(this.#server, this.#options.port);
  }

  public async start(): Promise<void> {
    const server = createServer((req, res) => {
      void this.#handle(req, res);
    });
    server.keepAliveTimeout = 65_000;
    await listenOnLoopback(server, this.#options.port);
    this.#server = server;
  }

  public async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = new Date();
    const requestId = randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let routeKey = '-';
    const finish = (status: number, headers: Record<string, string>, body: Buffer) => {
      res.writeHead(status, {
        ...headers,
        'content-length': String(body.length),
        'apigw-requestid': requestId,
      });
      res.end(body);
      this.#options.accessLog(
        formatAccessLog(this.#options.api.accessLogFormat, {
          requestId,
          sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
          requestTime: receivedAt,
          httpMethod: method,
          path,
          routeKey,
          status,
          protocol: `HTTP/${req.httpVersion}`,
          responseLength: body.length,
          latencyMs: Date.now() - receivedAt.getTime(),
        }),
      );
    };
    const fail = (error: GatewayError) =>
      finish(
        error.status,
        { 'content-type': 'application/json', ...error.headers },
        Buffer.from(
          JSON.stringify({ message: error.awsMessage, error: { code: error.code, message: error.message } }),
        ),
      );

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      return fail({
        status: 413,
        code: 'PayloadTooLarge',
        message: 'The request body exceeds the HTTP API limit of 10 MB',
        awsMessage: 'Request Entity Too Large',
      });
    }
    const match = this.#matcher.match(method, path);
    if (!match) {
      return fail({
        status: 404,
        code: 'RouteNotFound',
        message: `No route for ${method} ${path}`,
        awsMessage: 'Not Found',
      });
    }
    routeKey = match.route.routeKey;
    let claims: JWTPayload | undefined;
    if (match.route.authorizationType === 'JWT') {
      const authorizer = match.route.authorizerId
        ? this.#authorizers.get(match.route.authorizerId)
        : undefined;
      if (!authorizer) {
        return fail({
          status: 500,
          code: 'AuthorizerNotFound',
          message: `Route ${routeKey} names an unknown authorizer`,
          awsMessage: 'Internal Server Error',
        });
      }
      const header = req.headers.authorization;
      const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
      if (!token) {
        return fail({
          status: 401,
          code: 'Unauthorized',
          message: header
            ? 'The Authorization header must be "Bearer <JWT>"'
            : 'Missing Authorization header with a bearer token',
          awsMessage: 'Unauthorized',
        });
      }
      try {
        claims = await this.#options.verifyToken(token, authorizer);
      } catch (error) {
        return fail({
          status: 401,
          code: 'Unauthorized',
          message: `Invalid token: ${(error as Error).message}`,
          awsMessage: 'Unauthorized',
        });
      }
      const scopes = match.route.authorizationScopes;
      if (!scopesAllow(scopes, claims ?? {})) {
        const wanted = (scopes ?? []).join(' ');
        return fail({
          status: 403,
          code: 'Forbidden',
          message: `Route ${routeKey} needs a token with one of the scopes: ${wanted}`,
          awsMessage: 'Forbidden',
          headers: {
            'www-authenticate': `Bearer scope="${wanted}" error="insufficient_scope" error_description="the token does not have the required scopes"`,
          },
        });
      }
    }
    const event = buildHttpApiEvent(req, {
      apiId: this.#options.api.apiId,
      requestId,
      receivedAt,
      match,
      claims,
      body,
    });
    const result = await this.#options.invoke(match.route.functionName, event);
    if (!result.ok) {
      return fail({
        status: 500,
        code: 'InternalError',
        message: 'The function failed; see its log',
        awsMessage: 'Internal Server Error',
      });
    }
    const response = toHttpResponse(result.payload);
    for (const cookie of response.cookies) res.appendHeader('set-cookie', cookie);
    finish(response.status, response.headers, response.body);
  }
}

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        reject(new Error('too large'));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Payload format 2.0 response rules: a `statusCode` object is used as is, anything else becomes a 200 JSON body. */
const toHttpResponse = (
  payload: unknown,
): { status: number; headers: Record<string, string>; body: Buffer; cookies: string[] } => {
  if (payload && typeof payload === 'object' && 'statusCode' in payload) {
    const result = payload as {
      statusCode: number;
      headers?: Record<string, string | number | boolean>;
      body?: string;
      isBase64Encoded?: boolean;
      cookies?: string[];
    };
    const headers = Object.fromEntries(
      Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
    );
    const body =
      result.body === undefined
        ? Buffer.alloc(0)
        : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
    return { status: result.statusCode, headers, body, cookies: result.cookies ?? [] };
  }
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload ?? null);
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(body),
    cookies: [],
  };
};
