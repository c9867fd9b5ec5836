/** Marks a route result as a chosen response; a registered symbol, so two copies of this package agree. */
const ROUTE_RESPONSE = Symbol.for('@kes/http-api/RouteResponse');

/** A route result that names its own status and headers. Built by {@link respond}. */
export interface RouteResponse<T = unknown> {
  readonly [ROUTE_RESPONSE]: true;
  statusCode: number;
  body: T;
  headers: Record<string, string>;
}

/**
 * Lets a route handler choose the status (and extra headers) of its response. A handler's plain return
 * value is sent with the route's `successStatus`; a `{ statusCode, body }` object it returns is sent as
 * a body like any other value, so a domain object can never be mistaken for a response.
 *
 * @example
 * return respond(201, post, { location: `/posts/${post.id}` });
 * return respond(204);
 */
export const respond = <T = undefined>(
  statusCode: number,
  body?: T,
  headers: Record<string, string> = {},
): RouteResponse<T> => {
  if (!Number.isInteger(statusCode) || statusCode < 200 || statusCode > 599) {
    throw new RangeError(`respond: status must be an integer from 200 to 599, got ${statusCode}`);
  }
  // A 204 cannot carry a body; failing loudly beats silently dropping data the handler meant to send.
  if (statusCode === 204 && body !== undefined) {
    throw new RangeError('respond: a 204 response has no body');
  }
  return { [ROUTE_RESPONSE]: true, statusCode, body: body as T, headers };
};

/**
 * Whether a route result was built by {@link respond}.
 *
 * @example
 * isRouteResponse(respond(201, post)); // true
 * isRouteResponse({ statusCode: 201, body: post }); // false: just a value
 */
export const isRouteResponse = (value: unknown): value is RouteResponse =>
  typeof value === 'object' && value !== null && ROUTE_RESPONSE in value;
