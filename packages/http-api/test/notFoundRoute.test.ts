import { notFoundRoute } from '../src';
import { httpApiEvent, lambdaContext } from './helpers/httpApiEvent';
import { errorOf, recordingLogger } from './helpers/responses';

describe('notFoundRoute', () => {
  const defaultRoute = (method: string, path: string) => httpApiEvent({ method, path, routeKey: '$default' });

  it('answers 404 RouteNotFound naming the method and path', async () => {
    const handler = notFoundRoute();

    const response = await handler(defaultRoute('GET', '/x'), lambdaContext());

    expect(response).toEqual({
      statusCode: 404,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"error":{"code":"RouteNotFound","message":"No route for GET /x"}}',
    });
  });

  it.each([
    ['POST', '/posts/p1/likes', 'No route for POST /posts/p1/likes'],
    ['DELETE', '/', 'No route for DELETE /'],
  ])('reads the method and path from the request context: %s %s', async (method, path, message) => {
    const response = await notFoundRoute()(defaultRoute(method, path), lambdaContext());

    expect(errorOf(response).message).toBe(message);
  });

  it('echoes at most 200 characters of a long path', async () => {
    const path = `/${'a'.repeat(1_000)}`;

    const response = await notFoundRoute()(defaultRoute('GET', path), lambdaContext());

    expect(errorOf(response).message).toBe(`No route for GET ${path.slice(0, 200)}…`);
  });

  it('does not need a member: a missing route is a 404 for anyone the authorizer let through', async () => {
    const response = await notFoundRoute()(
      httpApiEvent({ path: '/nope', routeKey: '$default', withoutAuthorizer: true }),
      lambdaContext(),
    );

    expect(response.statusCode).toBe(404);
  });

  it('does not log: an unknown route is the caller’s mistake, not ours', async () => {
    const logger = recordingLogger();

    await notFoundRoute({ logger })(defaultRoute('GET', '/x'), lambdaContext());

    expect(logger.calls).toEqual([]);
  });
});
