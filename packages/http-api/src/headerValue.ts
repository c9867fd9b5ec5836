import type { HttpApiEvent } from './types';

/**
 * The value of header `name`, whatever its letter case. HTTP APIs lower-case header names, but local
 * emulators and hand-written test events do not always.
 */
export const headerValue = (
  headers: HttpApiEvent['headers'] | undefined,
  name: string,
): string | undefined => {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
};
