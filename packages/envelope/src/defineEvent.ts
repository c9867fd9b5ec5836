import type { z } from 'zod';
import type { EventDefinition } from './types';

/**
 * Declares an event type. The zod schema of `data` is the single source of truth for its shape.
 *
 * @example
 * const PostClapsTotalChanged = defineEvent({
 *   type: 'PostClapsTotalChanged',
 *   subjectType: 'post',
 *   schemaVersion: 1,
 *   data: z.object({ postId: z.string(), total: z.number().int().nonnegative() }),
 * });
 */
export const defineEvent = <const T extends string, D extends z.ZodType>(
  definition: EventDefinition<T, D>,
): EventDefinition<T, D> => definition;
