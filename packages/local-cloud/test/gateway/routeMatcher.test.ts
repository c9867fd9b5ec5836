import { RouteMatcher } from '../../src/gateway/routeMatcher';
import { route } from '../helpers/gatewayRequests';

/** The route key that answers `method path` among `routeKeys`, or undefined. */
const selected = (routeKeys: string[], method: string, path: string): string | undefined =>
  new RouteMatcher(routeKeys.map((routeKey) => route(routeKey))).match(method, path)?.route.routeKey;

describe('RouteMatcher', () => {
  it('matches a literal route by method and path', () => {
    expect(selected(['GET /posts', 'POST /posts'], 'POST', '/posts')).toBe('POST /posts');
    expect(selected(['GET /posts', 'POST /posts'], 'GET', '/posts')).toBe('GET /posts');
  });

  it('captures {param} segments as path parameters', () => {
    const matcher = new RouteMatcher([route('GET /posts/{postId}/comments/{commentId}')]);

    expect(matcher.match('GET', '/posts/p-1/comments/c-2')?.pathParameters).toEqual({
      postId: 'p-1',
      commentId: 'c-2',
    });
  });

  it('decodes percent-encoded path parameters', () => {
    const matcher = new RouteMatcher([route('GET /tags/{tag}')]);

    expect(matcher.match('GET', '/tags/caf%C3%A9%20au%20lait')?.pathParameters).toEqual({
      tag: 'café au lait',
    });
  });

  it('captures the rest of the path, slashes included, in a greedy {proxy+}', () => {
    const matcher = new RouteMatcher([route('GET /files/{proxy+}')]);

    expect(matcher.match('GET', '/files/a/b/c.txt')?.pathParameters).toEqual({ proxy: 'a/b/c.txt' });
  });

  it('does not match {proxy+} with nothing after its prefix', () => {
    expect(selected(['GET /files/{proxy+}'], 'GET', '/files')).toBeUndefined();
  });

  it('prefers a literal segment over a {param}, and a {param} over a {proxy+}', () => {
    const routes = ['GET /posts/{proxy+}', 'GET /posts/{postId}', 'GET /posts/recent'];

    expect(selected(routes, 'GET', '/posts/recent')).toBe('GET /posts/recent');
    expect(selected(routes, 'GET', '/posts/p-1')).toBe('GET /posts/{postId}');
    expect(selected(routes, 'GET', '/posts/p-1/likes')).toBe('GET /posts/{proxy+}');
  });

  it('prefers the most specific route whatever the order they are declared in', () => {
    const routes = ['GET /posts/recent', 'GET /posts/{postId}', 'GET /posts/{proxy+}'];

    expect(selected(routes, 'GET', '/posts/recent')).toBe('GET /posts/recent');
    expect(selected([...routes].reverse(), 'GET', '/posts/recent')).toBe('GET /posts/recent');
  });

  it('prefers an exact method over ANY on the same path', () => {
    const routes = ['ANY /posts', 'GET /posts'];

    expect(selected(routes, 'GET', '/posts')).toBe('GET /posts');
    expect(selected(routes, 'DELETE', '/posts')).toBe('ANY /posts');
  });

  it('falls back to $default when no route matches', () => {
    const routes = ['GET /posts', '$default'];

    expect(selected(routes, 'GET', '/members')).toBe('$default');
    expect(selected(routes, 'POST', '/posts')).toBe('$default');
    expect(new RouteMatcher(routes.map((key) => route(key))).match('GET', '/x')?.pathParameters).toEqual({});
  });

  it('prefers any matching route, even ANY /{proxy+}, over $default', () => {
    expect(selected(['$default', 'ANY /{proxy+}'], 'GET', '/anything')).toBe('ANY /{proxy+}');
  });

  it('matches nothing when no route matches and there is no $default', () => {
    expect(selected(['GET /posts'], 'GET', '/members')).toBeUndefined();
    expect(selected(['GET /posts'], 'PUT', '/posts')).toBeUndefined();
    expect(selected(['GET /posts/{postId}'], 'GET', '/posts/p-1/extra')).toBeUndefined();
  });

  it('ignores a trailing slash and repeated slashes', () => {
    expect(selected(['GET /posts'], 'GET', '/posts/')).toBe('GET /posts');
    expect(selected(['GET /posts/{postId}'], 'GET', '//posts//p-1')).toBe('GET /posts/{postId}');
  });

  it('matches the root path', () => {
    expect(selected(['GET /', 'GET /posts'], 'GET', '/')).toBe('GET /');
  });

  it('returns the route definition itself, with its function', () => {
    const definition = route('GET /posts', { functionName: 'kes-posts-local-listPosts' });

    expect(new RouteMatcher([definition]).match('GET', '/posts')?.route).toBe(definition);
  });
});
