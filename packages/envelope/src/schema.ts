import { z } from 'zod';
import { MAX_PARTITION_KEY_LENGTH } from './constants';

/** The entity an event is about: its state is what `data` carries. */
export const subjectSchema = z.object({
  type: z.string().min(1).max(64),
  id: z.string().min(1).max(256),
});

/**
 * The envelope without its `data`: what every event has, whatever its type.
 * `version` is the subject's state version (strictly increasing per subject and event type);
 * `partitionKey` is carried in the payload because Firehose and replays lose the Kinesis one.
 */
export const envelopeBaseSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1).max(128),
  source: z.string().min(1).max(128),
  subject: subjectSchema,
  partitionKey: z.string().min(1).max(MAX_PARTITION_KEY_LENGTH),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  schemaVersion: z.number().int().positive(),
  correlationId: z.string().min(1).max(256),
  causationId: z.string().min(1).max(256).nullable(),
});

/** The full envelope for one event type: the base fields plus `data` validated by `dataSchema`. */
export const envelopeSchema = <D extends z.ZodType>(dataSchema: D) =>
  envelopeBaseSchema.extend({ data: dataSchema });

export type Subject = z.infer<typeof subjectSchema>;
export type EnvelopeBase = z.infer<typeof envelopeBaseSchema>;
