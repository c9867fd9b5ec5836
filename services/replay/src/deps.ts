import { createAwsClients, once, requireEnv } from '@kes/aws-clients';
import { JobStore } from './job/JobStore';
import { ReplayRunner } from './job/ReplayRunner';
import { lambdaRunner } from './runner/startRunner';
import { sourceFor } from './sources/sourceFor';

/**
 * The AWS clients of this container (created once per cold start). Kinesis makes one attempt per call:
 * the writers retry themselves without reordering.
 */
export const clients = once(() => createAwsClients(process.env, { kinesisMaxAttempts: 1 }));

const integerEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
};

/** How long a runner owns a job without a checkpoint (JobStore's lease). */
export const leaseMs = once(() => integerEnv('LEASE_MS', 60_000));

/** A runner yields to its next invocation when less than this is left (one batch + flush + checkpoint). */
export const yieldMarginMs = once(() => integerEnv('YIELD_MARGIN_MS', 60_000));

export const jobStore = once(
  () => new JobStore(clients().documents, requireEnv('JOBS_TABLE'), { leaseMs: leaseMs() }),
);

export const startRunner = once(() => lambdaRunner(clients().lambda, requireEnv('RUNNER_FUNCTION')));

export const replayStream = (): string => requireEnv('REPLAY_STREAM');

/** The domain streams a job may target with `allowDomainTarget: true` (comma-separated names). */
export const domainStreams = (): string[] =>
  (process.env.DOMAIN_STREAMS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

const sources = once(() =>
  sourceFor({
    documents: clients().documents,
    s3: clients().s3,
    eventsTable: requireEnv('EVENTS_TABLE'),
    timeIndexShards: integerEnv('TIME_INDEX_SHARDS', 8),
    lakeBucket: requireEnv('LAKE_BUCKET'),
  }),
);

/** A runner for one chain of invocations (`owner`), `put-records` unless the job says otherwise. */
export const replayRunner = (owner: string, shouldYield: () => boolean): ReplayRunner =>
  new ReplayRunner({
    jobs: jobStore(),
    kinesis: clients().kinesis,
    sourceFor: sources(),
    owner,
    shouldYield,
    writeMode: 'put-records',
  });
