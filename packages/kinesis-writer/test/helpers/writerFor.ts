import { OrderedKinesisWriter, type OrderedKinesisWriterOptions } from '../../src';
import type { FakeKinesis } from './FakeKinesis';

/** A writer on `fake` whose backoff does not wait (delays are recorded in `sleeps`), plus overrides. */
export const writerFor = (fake: FakeKinesis, overrides: Partial<OrderedKinesisWriterOptions> = {}) => {
  const sleeps: number[] = [];
  const writer = new OrderedKinesisWriter({
    client: fake,
    streamName: 'events',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { writer, sleeps };
};
