import { JSON_CONTENT_TYPE } from './constants';
import type { HttpResponse } from './types';

/**
 * A response whose body is `value` as JSON and whose content type is always JSON (a caller's
 * `content-type` header, in any letter case, is replaced). A 204 has no body; any other status with an
 * `undefined` value sends `null`, so the body is always valid JSON.
 *
 * @example
 * jsonResponse(201, { postId: 'p1' }, { location: '/posts/p1' });
 */
export const jsonResponse = (
  statusCode: number,
  value: unknown,
  headers: Record<string, string> = {},
): HttpResponse => {
  const merged: Record<string, string> = {};
  for (const [name, headerValue] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'content-type') merged[name] = headerValue;
  }
  merged['content-type'] = JSON_CONTENT_TYPE;
  if (statusCode === 204) return { statusCode, headers: merged };
  return { statusCode, headers: merged, body: JSON.stringify(value ?? null) };
};
