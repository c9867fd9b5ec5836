import { createAwsClients, once, requireEnv } from '@kes/aws-clients';
import { s3DeadLetter } from '@kes/kinesis-consumer';
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
