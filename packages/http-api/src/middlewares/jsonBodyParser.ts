import { DEFAULT_MAX_BODY_BYTES, ERROR_CODES } from '../constants';
import { describeJsonSyntaxError } from '../describeJsonSyntaxError';
import { HttpError } from '../errors';
import { headerValue } from '../headerValue';
import type { HttpApiEvent, HttpMiddleware } from '../types';
import { withDefaults } from '../withDefaults';

/** Options of {@link jsonBodyParser}. */
export interface JsonBodyParserOptions {
  /** Largest body accepted, in decoded bytes (after base64, before JSON parsing). Default 65536. */
  maxBodyBytes?: number;
  /** Whether a request without a body is refused with 400 `MissingBody`. Default `true`. */
  required?: boolean;
}

const defaults = { maxBodyBytes: DEFAULT_MAX_BODY_BYTES, required: true };
const utf8 = new TextDecoder('utf-8', { fatal: true });
const BYTE_ORDER_MARK = '\uFEFF';
// Header values are echoed in 415 messages; a caller does not need more than this to see their mistake.
const MAX_ECHOED_HEADER_CHARS = 100;

const unsupportedMediaType = (contentType: string | undefined): HttpError => {
  const got =
    contentType === undefined ? 'none' : JSON.stringify(contentType.slice(0, MAX_ECHOED_HEADER_CHARS));
  return new HttpError(
    415,
    ERROR_CODES.unsupportedMediaType,
    `Content-Type must be application/json (UTF-8), got ${got}`,
  );
};

/** Accepts `application/json`, with or without `charset=utf-8`; JSON on the wire is UTF-8 (RFC 8259). */
const assertJsonContentType = (contentType: string | undefined): void => {
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') throw unsupportedMediaType(contentType);
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    const charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
    if (name.trim().toLowerCase() === 'charset' && charset !== 'utf-8' && charset !== 'utf8') {
      throw unsupportedMediaType(contentType);
    }
  }
};

const decode = (raw: string, isBase64Encoded: boolean, maxBodyBytes: number): string => {
  // Count bytes, not characters: "é" is one character and two bytes, and the limit protects memory.
  const bytes = isBase64Encoded ? Buffer.from(raw, 'base64') : undefined;
  const size = bytes ? bytes.byteLength : Buffer.byteLength(raw, 'utf8');
  if (size > maxBodyBytes) {
    throw new HttpError(
      413,
      ERROR_CODES.payloadTooLarge,
      `Request body is ${size} bytes; this route accepts at most ${maxBodyBytes}`,
    );
  }
  if (!bytes) return raw;
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new HttpError(400, ERROR_CODES.malformedJson, 'Request body is not valid UTF-8', { cause });
  }
};

const parse = (text: string): unknown => {
  const json = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch (cause) {
    throw new HttpError(
      400,
      ERROR_CODES.malformedJson,
      `Request body is not valid JSON: ${describeJsonSyntaxError(json, cause)}`,
      { cause },
    );
  }
};

/**
 * Parses a JSON request body, refusing before anything runs: no body when one is required (400
 * `MissingBody`), a content type other than `application/json` (415 `UnsupportedMediaType`), more than
 * `maxBodyBytes` decoded bytes (413 `PayloadTooLarge`), bytes that are not UTF-8 JSON (400
 * `MalformedJson`, with the line, column and position of the first bad character).
 *
 * Like Middy's own body parsers, it replaces `event.body` with the parsed value and keeps the original
 * string in `event.rawBody`. Bodies API Gateway base64-encoded (`isBase64Encoded`) are decoded first.
 *
 * @example
 * export const handler = middy(lambdaHandler)
 *   .use(httpErrorHandler())
 *   .use(jsonBodyParser({ maxBodyBytes: 16 * 1024 }));
 */
export const jsonBodyParser = (options: JsonBodyParserOptions = {}): HttpMiddleware => {
  const { maxBodyBytes, required } = withDefaults(defaults, options);
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new RangeError(`maxBodyBytes must be a positive integer, got ${maxBodyBytes}`);
  }

  const jsonBodyParserBefore: HttpMiddleware['before'] = (request) => {
    // The parsed body replaces the string, so the event no longer matches its API Gateway type.
    const event = request.event as Omit<HttpApiEvent, 'body'> & { body?: unknown; rawBody?: string };
    const raw = event.body;
    // Local emulators send `null` where API Gateway leaves the field out.
    if (raw === undefined || raw === null || raw === '') {
      if (required) throw new HttpError(400, ERROR_CODES.missingBody, 'This route needs a JSON request body');
      return;
    }
    if (typeof raw !== 'string') return; // already parsed by another middleware
    assertJsonContentType(headerValue(event.headers, 'content-type'));
    const parsed = parse(decode(raw, event.isBase64Encoded === true, maxBodyBytes));
    event.rawBody = raw;
    event.body = parsed;
  };

  return { before: jsonBodyParserBefore };
};
