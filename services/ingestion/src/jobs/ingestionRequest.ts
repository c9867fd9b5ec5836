import { z } from 'zod';
import { providerNames } from '../providers';
import type { RecordProvider } from '../providers/types';

/** The most ids one request may list (the job keeps them in its item; a day's catalogue has no limit). */
export const MAX_REQUEST_IDS = 1_000;

/**
 * The body of `POST /ingestions/<provider>`, for the deployment's provider: `provider` (optional, must be
 * this deployment's), `recordIds` (optional; without it, the provider's catalogue for the day; each id in
 * the provider's format), `notBefore` (optional ISO 8601 date-time with a zone).
 *
 * @example
 * ingestionRequestSchema('acme', acme).parse({ provider: 'acme', recordIds: ['r-1'], notBefore: '2026-11-23T02:00:00Z' });
 */
export const ingestionRequestSchema = (name: string, provider: RecordProvider) =>
  z.strictObject({
    provider: z
      .string()
      .superRefine((value, ctx) => {
        if (!providerNames().includes(value))
          ctx.addIssue({
            code: 'custom',
            message: `unknown provider "${value}" (known: ${providerNames().join(', ')})`,
          });
        else if (value !== name)
          ctx.addIssue({
            code: 'custom',
            message: `this route ingests from ${name}; send ${value}'s ingestions to POST /ingestions/${value}`,
          });
      })
      .optional(),
    recordIds: z
      .array(provider.recordId)
      .min(1, 'an empty list: omit recordIds to ingest the provider catalogue of the day')
      .max(
        MAX_REQUEST_IDS,
        `at most ${MAX_REQUEST_IDS} ids a request; omit recordIds for the whole catalogue`,
      )
      .optional(),
    notBefore: z.iso
      .datetime({ offset: true, message: 'an ISO 8601 date-time with a zone, e.g. 2026-11-23T02:00:00Z' })
      .optional(),
  });
export type IngestionRequest = z.output<ReturnType<typeof ingestionRequestSchema>>;
