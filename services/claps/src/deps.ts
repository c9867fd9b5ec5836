import { createAwsClients, once, requireEnv } from '@kes/aws-clients';
import { OrderedKinesisWriter } from '@kes/kinesis-writer';
import { ClapsStore } from './store/ClapsStore';

/**
 * The AWS clients of this container (created once per cold start, reused by every invocation). Kinesis
 * calls are not retried by the SDK: the ordered writer retries them itself, without reordering a key.
 */
export const clients = once(() => createAwsClients(process.env, { kinesisMaxAttempts: 1 }));

export const clapsStore = once(
  () =>
    new ClapsStore(clients().documents, {
      membersTable: requireEnv('MEMBERS_TABLE'),
      totalsTable: requireEnv('TOTALS_TABLE'),
    }),
);
export const clapsWriter = once(
  () => new OrderedKinesisWriter({ client: clients().kinesis, streamName: requireEnv('CLAPS_STREAM') }),
);
