import { createHash } from 'node:crypto';
import type { SourceRecord } from './types';

/**
 * The lane (0 … factor-1) of a record's ordering key. With a ParallelizationFactor above 1 Lambda runs
 * that many batches of one shard at once and keeps per-key order by hashing each key to one lane; a lane
 * processes its records in shard order, one batch at a time.
 */
export const laneOf = (orderingKey: string, factor: number): number =>
  factor <= 1 ? 0 : createHash('md5').update(orderingKey).digest().readUInt32BE(0) % factor;

/** Splits records (in shard order) into per-lane queues, each still in shard order; empty lanes left out. */
export const splitIntoLanes = (records: SourceRecord[], factor: number): SourceRecord[][] => {
  const lanes = Array.from({ length: Math.max(factor, 1) }, (): SourceRecord[] => []);
  for (const record of records) lanes[laneOf(record.orderingKey, factor)]?.push(record);
  return lanes.filter((lane) => lane.length > 0);
};
