import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { z } from 'zod';

/** The event of an API Gateway HTTP API (payload format 2.0) route with a JWT authorizer. */
export type HttpApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** What a route returns to API Gateway; `body` is absent only for 204. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
}

/** One field-level problem with a request, e.g. `{ path: 'body.count', message: 'Too big: …' }`. */
export interface ErrorDetail {
  /** Where the problem is: `body`, `path` or `query`, then the dotted field path (`body.items.0.name`). */
  path: string;
  message: string;
}

/** The JSON body of every error response. */
export interface ErrorResponseBody {
  error: {
    code: string;
    message: string;
    details?: ErrorDetail[];
  };
}

/**
 * Where unexpected errors are reported. `console` fits, and so does a Powertools `Logger`
 * (`logger.error(message, error)` prints the error's name, message and stack).
 */
export interface ErrorLogger {
  error(message: string, ...extra: unknown[]): void;
}

/** A middleware for HTTP API routes. */
export type HttpMiddleware = MiddlewareObj<HttpApiEvent, HttpResponse>;

/**
 * `required`: the caller must carry a JWT `sub` claim (the member id), or gets a 401.
 * `none`: a public route; `memberId` is whatever the token says, if there is one.
 */
export type AuthMode = 'required' | 'none';

type Output<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;

/**
 * The event as a route handler sees it: the inputs it must use (`body`, `path`, `query`) come validated
 * in {@link RouteInput}, so their raw forms are left out to keep them from being read by mistake.
 */
export type RouteEvent = Omit<HttpApiEvent, 'body' | 'pathParameters' | 'queryStringParameters'>;

/** What a route handler receives: validated inputs typed from their zod schemas, and who is calling. */
export interface RouteInput<B, P, Q, A extends AuthMode> {
  /** The validated JSON body; `undefined` when the route declares no body schema. */
  body: Output<B, undefined>;
  /** The validated path parameters; the raw ones when the route declares no path schema. */
  path: Output<P, Record<string, string | undefined>>;
  /** The validated query string; the raw one when the route declares no query schema. */
  query: Output<Q, Record<string, string | undefined>>;
  /** The JWT `sub` claim of the caller. */
  memberId: A extends 'required' ? string : string | undefined;
  event: RouteEvent;
  context: Context;
}

/**
 * The business logic of a route. It returns the response body (sent with the route's `successStatus`),
 * or `respond(status, body)` to choose the status; it throws an `HttpError` to refuse the request.
 */
export type RouteHandler<B, P, Q, A extends AuthMode> = (input: RouteInput<B, P, Q, A>) => Promise<unknown>;

/** Options of `httpRoute`. */
export interface HttpRouteOptions<
  B extends z.ZodType | undefined,
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  A extends AuthMode,
> {
  /** Names the route in error logs; defaults to the event's `routeKey`, e.g. `POST /posts/{postId}/claps`. */
  name?: string;
  /** Schema of the JSON body. Without one the body is not read. */
  body?: B;
  /** Schema of the path parameters, e.g. `z.object({ postId: z.string() })`. */
  path?: P;
  /** Schema of the query string parameters (all strings: see `queryNumber`). */
  query?: Q;
  /** Largest body accepted, in decoded bytes. Default 65536. */
  maxBodyBytes?: number;
  /** Status of a response built from a plain return value. Default 200. */
  successStatus?: number;
  /** Default `required`. */
  auth?: A;
  /** Where unexpected errors are logged. Default `console`. */
  logger?: ErrorLogger;
  handler: RouteHandler<B, P, Q, A>;
}
