import type { z } from 'zod';
import { ERROR_CODES, MAX_SUMMARISED_ISSUES } from '../constants';
import { HttpError } from '../errors';
import type { ErrorDetail, HttpMiddleware } from '../types';

/** Schemas of the parts of a request; each part without one is left alone. */
export interface ZodValidatorOptions {
  /** Validates the parsed body (use `jsonBodyParser` before this middleware). */
  body?: z.ZodType;
  /** Validates `event.pathParameters` (an empty object when there are none). */
  path?: z.ZodType;
  /** Validates `event.queryStringParameters` (an empty object when there are none). */
  query?: z.ZodType;
}

type Part = keyof ZodValidatorOptions;

const FIELDS = { path: 'pathParameters', query: 'queryStringParameters', body: 'body' } as const;

const toDetails = (part: Part, error: z.ZodError): ErrorDetail[] =>
  error.issues.map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));

const summarise = (details: ErrorDetail[]): string => {
  const shown = details.slice(0, MAX_SUMMARISED_ISSUES).map((detail) => `${detail.path}: ${detail.message}`);
  const hidden = details.length - shown.length;
  return hidden > 0 ? `${shown.join('; ')} (and ${hidden} more)` : shown.join('; ');
};

/**
 * Validates the path parameters, the query string and the parsed body with zod, and refuses the request
 * with 400 `ValidationError` listing every issue of every part in `details`
 * (`{ path: 'body.items.0.name', message }`) and the first few in the message.
 *
 * On success each validated part is replaced by the schema's output (coerced numbers, defaults,
 * stripped unknown keys), as Middy's own validator does: `event.pathParameters`,
 * `event.queryStringParameters`, `event.body`.
 *
 * @example
 * export const handler = middy(lambdaHandler)
 *   .use(httpErrorHandler())
 *   .use(jsonBodyParser())
 *   .use(zodValidator({ path: z.object({ postId: z.string() }), body: z.object({ count: z.number().int() }) }));
 */
export const zodValidator = (schemas: ZodValidatorOptions): HttpMiddleware => {
  const parts = (Object.keys(FIELDS) as Part[]).filter((part) => schemas[part] !== undefined);

  const zodValidatorBefore: HttpMiddleware['before'] = async (request) => {
    const event = request.event as unknown as Record<string, unknown>;
    const details: ErrorDetail[] = [];
    const outputs = new Map<Part, unknown>();
    for (const part of parts) {
      const field = FIELDS[part];
      // API Gateway leaves these out when a request has none; a schema sees an empty object instead.
      const input = part === 'body' ? event[field] : (event[field] ?? {});
      const result = await (schemas[part] as z.ZodType).safeParseAsync(input);
      if (result.success) outputs.set(part, result.data);
      else details.push(...toDetails(part, result.error));
    }
    // All or nothing: the handler never sees a request that is only partly valid.
    if (details.length > 0) {
      throw new HttpError(400, ERROR_CODES.validation, summarise(details), { details });
    }
    for (const [part, output] of outputs) event[FIELDS[part]] = output;
  };

  return { before: zodValidatorBefore };
};
