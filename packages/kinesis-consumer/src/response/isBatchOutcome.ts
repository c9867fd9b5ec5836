import type { BatchOutcome } from '../types';

/** Whether a handler's result is the {@link BatchOutcome} the ordered processing returns. */
export const isBatchOutcome = (value: unknown): value is BatchOutcome =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as BatchOutcome).failures) &&
  typeof (value as BatchOutcome).batchSize === 'number';
