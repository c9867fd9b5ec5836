import { z } from 'zod';

/** Post ids: 1–64 of `[A-Za-z0-9_-]` (URL-safe, also a valid Kinesis partition key). */
export const postIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 characters of A–Z, a–z, 0–9, "_" or "-"');

/** Member ids are the `sub` claim of the caller's JWT. */
export const memberIdSchema = z.string().min(1).max(128);

/** A member's claps on one post. */
export const clapCountSchema = z.number().int().min(0).max(50);

export const MAX_TITLE_LENGTH = 200;
export const MAX_BODY_LENGTH = 50_000;
