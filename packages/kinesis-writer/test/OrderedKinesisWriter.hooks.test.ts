import type { AcknowledgedEvent } from '../src';
import { throttled } from './helpers/awsErrors';
import { FakeKinesis } from './helpers/FakeKinesis';
import { recordFor } from './helpers/records';
import { writerFor } from './helpers/writerFor';

describe('OrderedKinesisWriter: onAcknowledged', () => {
  it('reports each stored record with its key, place, attempts and latency from put() on the injected clock', async () => {
    const fake = new FakeKinesis({
      fault: (_input, callIndex) => (callIndex === 0 ? { error: throttled() } : undefined),
    });
    const events: AcknowledgedEvent[] = [];
    let clock = 1000;
    const { writer } = writerFor(fake, {
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      onAcknowledged: (event) => events.push(event),
    });

    const result = await writer.put(recordFor('post-1', 0));

    expect(events).toEqual([{ partitionKey: 'post-1', latencyMs: 25, ...result }]);
    expect(result.attempts).toBe(2);
  });

  it('ignores an error the hook throws: the record still resolves and the key goes on', async () => {
    const fake = new FakeKinesis();
    const { writer } = writerFor(fake, {
      onAcknowledged: () => {
        throw new Error('hook bug');
      },
    });

    await expect(writer.put(recordFor('post-1', 0))).resolves.toMatchObject({ attempts: 1 });
    await expect(writer.put(recordFor('post-1', 1))).resolves.toMatchObject({ attempts: 1 });
    expect(fake.storedFor('post-1')).toEqual(['post-1#0', 'post-1#1']);
  });
});
