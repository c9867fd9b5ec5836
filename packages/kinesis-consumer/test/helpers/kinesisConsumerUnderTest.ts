import { type KinesisConsumerOptions, kinesisConsumer } from '../../src';
import { type CounterEvent, counterEvents } from './counterEvents';
import { FIRST_ARRIVAL_SECONDS } from './kinesisEvents';
import { memoryDeadLetter, recordingLogger, recordingMetrics } from './recorders';

/** The consumer's clock: one minute after the first record of a test batch arrived. */
export const NOW = (FIRST_ARRIVAL_SECONDS + 60) * 1000;

type Overrides = Omit<KinesisConsumerOptions<CounterEvent>, 'name' | 'registry' | 'deadLetter'> & {
  name?: string;
  /** Sequence numbers whose dead letter cannot be written. */
  failDeadLettersFor?: string[];
};

/** A kinesisConsumer over `counterEvents` with recording logger, metrics and dead letters, and a fixed clock. */
export const kinesisConsumerUnderTest = ({ failDeadLettersFor = [], ...overrides }: Overrides) => {
  const logger = recordingLogger();
  const metrics = recordingMetrics();
  const deadLetter = memoryDeadLetter(failDeadLettersFor);
  const handler = kinesisConsumer({
    name: 'counter-projection',
    registry: counterEvents,
    deadLetter,
    logger,
    metrics,
    now: () => NOW,
    ...overrides,
  } as KinesisConsumerOptions<CounterEvent>);
  return { handler, logger, metrics, deadLetter };
};
