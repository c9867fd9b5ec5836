import { createAwsClients, once, requireEnv } from '@kes/aws-clients';
import { EntityStates } from './store/EntityStates';
import { DEFAULT_TIME_SHARDS, EventStore } from './store/EventStore';
import { SnapshotStore } from './store/SnapshotStore';
import { TimeRangeReader } from './store/TimeRangeReader';

/** The AWS clients of this container (created once per cold start, reused by every invocation). */
export const clients = once(() => createAwsClients(process.env));

const integerEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
};

export const eventStore = once(
  () =>
    new EventStore(clients().documents, {
      table: requireEnv('EVENTS_TABLE'),
      timeShards: integerEnv('TIME_INDEX_SHARDS', DEFAULT_TIME_SHARDS),
    }),
);

export const snapshotStore = once(() => new SnapshotStore(clients().documents, requireEnv('EVENTS_TABLE')));

export const entityStates = once(
  () =>
    new EntityStates(eventStore(), snapshotStore(), {
      snapshotEvery: integerEnv('SNAPSHOT_EVERY', 100),
    }),
);

export const timeRangeReader = once(() => new TimeRangeReader(eventStore()));
