import { deadLetterKey } from '../../src';
import { kinesisLetter } from '../helpers/deadLetters';

describe('deadLetterKey', () => {
  it('is <prefix>/<yyyy>/<MM>/<dd>/<shard>/<sequenceNumber>.json, dated by arrival in UTC', () => {
    expect(deadLetterKey('posts/claps-projection', kinesisLetter())).toBe(
      'posts/claps-projection/2026/01/31/shardId-000000000003/49590338271490256608559692538361571095921575989136588898.json',
    );
  });

  it('is the same for a redelivered record written on another day, so it overwrites its own letter', () => {
    const first = kinesisLetter();
    const redelivered = { ...first, deadLetteredAt: '2026-02-03T10:00:00.000Z' };

    expect(deadLetterKey('p', redelivered)).toBe(deadLetterKey('p', first));
  });

  it('tolerates slashes around the prefix and an empty prefix', () => {
    const letter = kinesisLetter({ sequenceNumber: '42' });

    expect(deadLetterKey('/dlq/', letter)).toBe('dlq/2026/01/31/shardId-000000000003/42.json');
    expect(deadLetterKey('', letter)).toBe('2026/01/31/shardId-000000000003/42.json');
  });

  it('uses the stream segment of a DynamoDB record and keeps path segments plain', () => {
    const letter = kinesisLetter({
      shardOrStream: 'posts-outbox.2026-01-01T00-00-00.000',
      sequenceNumber: '100/../x',
    });

    expect(deadLetterKey('outbox', letter)).toBe(
      'outbox/2026/01/31/posts-outbox.2026-01-01T00-00-00.000/100-..-x.json',
    );
  });
});
