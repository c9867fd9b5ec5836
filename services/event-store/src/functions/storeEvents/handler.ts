import { once, requireEnv } from '@kes/aws-clients';
import { domainEvents } from '@kes/contracts';
import { type DeadLetterDestination, kinesisConsumer, s3DeadLetter } from '@kes/kinesis-consumer';
import { clients, entityStates, eventStore } from '../../deps';
import type { StoredEvent } from '../../domain/types';
import { ingest, STORE_KEY_CONCURRENCY } from './ingest';

const NAME = 'storeEvents';

const deadLetter = once(
  (): DeadLetterDestination =>
    s3DeadLetter({
      client: clients().s3,
      bucket: requireEnv('DEAD_LETTER_BUCKET'),
      prefix: 'event-store/storeEvents',
    }),
);
const destination: DeadLetterDestination = { send: (letter) => deadLetter().send(letter) };

/**
 * Subscribes to every domain stream and stores each event once. Malformed records and event types the
 * registry does not know go to the dead-letter bucket with the reason (replayable once the type is
 * registered) and never block the shard.
 */
export const handler = kinesisConsumer<StoredEvent>({
  name: NAME,
  registry: domainEvents,
  unknownTypes: 'dead-letter',
  keyConcurrency: STORE_KEY_CONCURRENCY,
  deadLetter: destination,
  handleKey: (items) =>
    ingest({ store: eventStore(), states: entityStates(), deadLetter: destination, consumer: NAME })(items),
});
