import type { Envelope } from '@kes/envelope';

/**
 * Where a source stopped: everything up to and including the item that carried it has been handled.
 * JSON, so it can be stored in the job item and read back by another process.
 */
export type SourcePosition = Record<string, unknown>;

/** One step of a source: an event with the position right after it, or only a position (a bucket, an object done). */
export interface SourceItem {
  event?: Envelope;
  /** The bytes to put on the target: the producer's bytes when the source has them (the lake), else the JSON. */
  data?: Uint8Array;
  position: SourcePosition;
}

/**
 * A source of events for a replay, read in an order that keeps each partition key's events in order
 * (time order for the event store's time index and the lake, version order for a subject's history).
 */
export interface ReplaySource {
  /** Reads from just after `position` (from the start when undefined). */
  read(position: SourcePosition | undefined): AsyncIterable<SourceItem>;
}
