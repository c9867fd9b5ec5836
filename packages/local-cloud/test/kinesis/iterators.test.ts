import { createShardIterator } from 'kinesalite/db';
import { iteratorTarget } from '../../src/kinesis/limits/iterators';

describe('iteratorTarget', () => {
  it('reads the stream and shard of a kinesalite shard iterator', () => {
    const iterator = createShardIterator(
      'kes-posts-local-events',
      'shardId-000000000003',
      '49590338271490256608559692538361571095921575989136588898',
    );

    expect(iteratorTarget(iterator)).toEqual({
      streamName: 'kes-posts-local-events',
      shardId: 'shardId-000000000003',
    });
  });

  it.each(['', 'not-an-iterator', Buffer.alloc(200, 1).toString('base64'), `AAAAAAAAAAE${'x'.repeat(200)}`])(
    'answers undefined for %j',
    (iterator) => {
      expect(iteratorTarget(iterator)).toBeUndefined();
    },
  );
});
