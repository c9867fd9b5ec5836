import { z } from 'zod';
import { httpRecordProvider } from './httpRecordProvider';

/**
 * Example provider "acme": one record per `GET /records/{id}`, the day's ids at `GET /catalogue` (the
 * provider simulator's API). Its ids: a letter or digit, then letters, digits, `.`, `_`, `-` (≤ 64).
 */
export const acme = httpRecordProvider((recordId) => `/records/${encodeURIComponent(recordId)}`, {
  recordId: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
      'an acme record id is 1–64 letters, digits, . _ - (not first)',
    ),
});
