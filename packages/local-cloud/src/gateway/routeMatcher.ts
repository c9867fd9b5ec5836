import type { RouteDefinition } from '../provision/definitions';

/** A route that matched a request, with the path parameters it captured. */
export interface RouteMatch {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: RouteDefinition;
  method: string;
  segments: string[];
  /** Higher is more specific: literal segments beat parameters, which beat a greedy `{proxy+}`. */
  score: number;
}

const compile = (route: RouteDefinition): CompiledRoute | undefined => {
  if (route.routeKey === '$default') return undefined;
  const [method = 'ANY', path = '/'] = route.routeKey.split(' ');
  const segments = path.split('/').filter(Boolean);
  const score = segments.reduce(
    (sum, segment) => sum * 4 + (segment.endsWith('+}') ? 1 : segment.startsWith('{') ? 2 : 3),
    segments.length,
  );
  return { route, method, segments, score: score * 2 + (method === 'ANY' ? 0 : 1) };
};

const matchSegments = (pattern: string[], path: string[]): Record<string, string> | undefined => {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] as string;
    if (expected.startsWith('{') && expected.endsWith('+}')) {
      if (i >= path.length) return undefined;
      params[expected.slice(1, -2)] = path.slice(i).join('/');
      return params;
    }
    const actual = path[i];
    if (actual === undefined) return undefined;
    if (expected.startsWith('{') && expected.endsWith('}')) params[expected.slice(1, -1)] = actual;
    else if (expected !== actual) return undefined;
  }
  return pattern.length === path.length ? params : undefined;
};

/**
 * HTTP API route selection: the most specific matching route wins (literal paths over parameters over
 * greedy `{proxy+}`, an exact method over ANY); `$default` catches everything else.
 */
export class RouteMatcher {
  readonly #routes: CompiledRoute[];
  readonly #default: RouteDefinition | undefined;

  public constructor(routes: RouteDefinition[]) {
    this.#routes = routes
      .map(compile)
      .filter((route): route is CompiledRoute => route !== undefined)
      .sort((a, b) => b.score - a.score);
    this.#default = routes.find((route) => route.routeKey === '$default');
  }

  public match(method: string, path: string): RouteMatch | undefined {
    const parts = path
      .split('/')
      .filter(Boolean)
      .map((part) => {
        try {
          return decodeURIComponent(part);
        } catch {
          return part;
        }
      });
    for (const compiled of this.#routes) {
      if (compiled.method !== 'ANY' && compiled.method !== method) continue;
      const pathParameters = matchSegments(compiled.segments, parts);
      if (pathParameters) return { route: compiled.route, pathParameters };
    }
    return this.#default ? { route: this.#default, pathParameters: {} } : undefined;
  }
}
