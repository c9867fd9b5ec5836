import type { SourceRecord } from './types';

/** Lambda ends a tumbling window early when the state the function returns exceeds 1 MB. */
export const MAX_WINDOW_STATE_BYTES = 1024 * 1024;

/** An open tumbling window of one shard: its bounds and the state the function returned last. */
export interface OpenWindow {
  startMs: number;
  endMs: number;
  state: Record<string, unknown>;
}

/**
 * The start of the window a record belongs to. Lambda sets window bounds by the time records arrived in
 * the stream (their approximate arrival timestamp), in windows of `windowMs` aligned on the epoch.
 */
export const windowStartOf = (record: SourceRecord, windowMs: number): number =>
  Math.floor(record.arrivalMs / windowMs) * windowMs;

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** The fields Lambda adds to the event of a mapping with a tumbling window (next to `Records`). */
export const windowEventFields = (
  window: OpenWindow,
  shardId: string,
  eventSourceArn: string,
  flags: { final: boolean; terminatedEarly: boolean },
) => ({
  window: { start: iso(window.startMs), end: iso(window.endMs) },
  state: window.state,
  shardId,
  eventSourceARN: eventSourceArn,
  isFinalInvokeForWindow: flags.final,
  isWindowTerminatedEarly: flags.terminatedEarly,
});

/**
 * The `state` of a tumbling-window response (`{ state, batchItemFailures? }`). A response without a
 * `state` object is a failed invocation, as on AWS.
 */
export const stateOf = (payload: unknown): Record<string, unknown> | 'missing' => {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return 'missing';
  const state = (payload as { state?: unknown }).state;
  if (!state || typeof state !== 'object' || Array.isArray(state)) return 'missing';
  return state as Record<string, unknown>;
};
