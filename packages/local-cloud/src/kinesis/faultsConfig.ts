import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { KinesisFaults } from './faults';

const operations = z.array(z.string().min(1)).min(1);

const outage = z
  .object({
    startsAt: z
      .union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })])
      .optional()
      .describe('epoch milliseconds or an ISO 8601 date-time'),
    startsInMs: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('milliseconds after the faults are loaded'),
    durationMs: z.number().int().positive(),
    operations: operations.optional(),
    errorCode: z.string().min(1).optional(),
  })
  .strict()
  .refine((value) => (value.startsAt === undefined) !== (value.startsInMs === undefined), {
    message: 'give exactly one of startsAt (absolute) or startsInMs (relative to when the faults are loaded)',
  });

/** The fault-injection settings as people write them (JSON file, control endpoint, LocalCloud option). */
export const kinesisFaultsSchema = z
  .object({
    errorRate: z.record(z.string().min(1), z.number().min(0).max(1)).optional(),
    errorCode: z.string().min(1).optional(),
    latencyMs: z
      .union([
        z.number().nonnegative(),
        z
          .object({ min: z.number().nonnegative(), max: z.number().nonnegative() })
          .strict()
          .refine((range) => range.min <= range.max, { message: 'min must not exceed max' }),
      ])
      .optional(),
    outages: z.array(outage).optional(),
  })
  .strict();

/** Fault-injection settings as written: outage windows may be relative (`startsInMs`) or absolute. */
export type KinesisFaultsInput = z.input<typeof kinesisFaultsSchema>;

/** Settings that cannot be used, with a message that says where and why. */
export class FaultsConfigError extends Error {
  public readonly code = 'INVALID_FAULTS_CONFIG';

  public constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FaultsConfigError';
  }
}

/** Whether `error` is a {@link FaultsConfigError}. */
export const isFaultsConfigError = (error: unknown): error is FaultsConfigError =>
  error instanceof FaultsConfigError;

/**
 * Validates fault-injection settings and fixes relative outage windows (`startsInMs`) to absolute times
 * from `now` (when they are loaded). Throws {@link FaultsConfigError} listing every problem.
 *
 * @example
 * parseKinesisFaults({ outages: [{ startsInMs: 30_000, durationMs: 10_000 }] });
 * // { outages: [{ startsAt: <now + 30 s>, durationMs: 10000 }] }
 */
export const parseKinesisFaults = (
  input: unknown,
  now: number = Date.now(),
  source = 'faults',
): KinesisFaults => {
  const result = kinesisFaultsSchema.safeParse(input);
  if (!result.success)
    throw new FaultsConfigError(`Invalid Kinesis ${source}:\n${z.prettifyError(result.error)}`, {
      cause: result.error,
    });
  const { outages, ...rest } = result.data;
  return {
    ...rest,
    ...(outages
      ? {
          outages: outages.map(({ startsAt, startsInMs, ...window }) => ({
            ...window,
            startsAt:
              startsInMs !== undefined
                ? now + startsInMs
                : typeof startsAt === 'string'
                  ? Date.parse(startsAt)
                  : (startsAt as number),
          })),
        }
      : {}),
  };
};

/** Reads and validates a fault-injection JSON file (see {@link parseKinesisFaults}). */
export const loadKinesisFaults = (file: string, now: number = Date.now()): KinesisFaults => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new FaultsConfigError(`Cannot read the faults file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FaultsConfigError(`The faults file ${file} is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseKinesisFaults(json, now, `faults file ${file}`);
};
