import { randomUUID } from 'node:crypto';
import { createAwsClients, once, requireEnv } from '@kes/aws-clients';
import { s3DeadLetter } from '@kes/kinesis-consumer';
import type { EnqueuePorts } from './jobs/advanceJob';
import { JobStore } from './jobs/JobStore';
import { putIngestionRecords } from './jobs/putIngestionRecords';
import { providerNamed } from './providers';
import { readWindows } from './schedule/readWindows';
import { type IngestionConfig, readConfig } from './service/config';
import { MappingControl } from './service/MappingControl';
import type { ControlPorts } from './service/runControl';
import { TrackingStore } from './store/TrackingStore';

/** The AWS clients and settings of this container (created once per cold start). */
export const clients = once(() => createAwsClients(process.env));
export const config = once(readConfig);

export const trackingStore = once(
  () =>
    new TrackingStore(clients().documents, {
      table: requireEnv('TRACKING_TABLE'),
      retentionDays: 7,
      maxAttempts: config().maxAttempts,
    }),
);

export const mappingControl = once(
  () => new MappingControl(clients().lambda, requireEnv('VENTILATOR_FUNCTION')),
);

export const deadLetters = once(() =>
  s3DeadLetter({
    client: clients().s3,
    bucket: requireEnv('DEAD_LETTER_BUCKET'),
    prefix: `ingestion/${config().provider}`,
  }),
);

/** What one turn of the controller needs in a function: this deployment's table, mapping and clock. */
export const controlPorts = (
  telemetry: Pick<ControlPorts, 'logger' | 'metrics'>,
  settings: IngestionConfig = config(),
): ControlPorts => ({
  config: settings,
  state: {
    read: () => trackingStore().readControllerState(),
    write: (state, now, expectedVersion) => trackingStore().writeControllerState(state, now, expectedVersion),
  },
  mapping: mappingControl(),
  now: Date.now,
  ...telemetry,
});

/** The deployment's allowed windows (off-peak, maintenance, time zone). */
export const windows = once(() => readWindows());

export const jobStore = once(
  () =>
    new JobStore(clients().documents, {
      table: requireEnv('TRACKING_TABLE'),
      provider: config().provider,
      retentionDays: 7,
    }),
);

/** What enqueueing a job needs in a function: the catalogue, the stream, the jobs, the windows. */
export const enqueuePorts = (): EnqueuePorts & { jobs: JobStore; windows: ReturnType<typeof windows> } => {
  const provider = providerNamed(config().provider);
  const stream = requireEnv('INGESTION_STREAM');
  const call = { baseUrl: requireEnv('PROVIDER_BASE_URL'), timeoutMs: config().workerTimeoutMs };
  return {
    jobs: jobStore(),
    catalogue: (day, page) => provider.catalogue(day, page, call),
    put: (records) => putIngestionRecords(clients().kinesis, stream, records),
    windows: windows(),
    now: Date.now,
    runId: randomUUID(),
    leaseMs: 60_000,
  };
};
