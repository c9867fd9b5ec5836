import { AWS_KINESIS_LIMITS } from '../../src/kinesis/limits/KinesisLimits';
import { ShardLimiter } from '../../src/kinesis/limits/ShardLimiter';
import { FakeClock } from '../helpers/FakeClock';

const MiB = 1024 * 1024;
const SHARD = 'shardId-000000000000';
const OTHER_SHARD = 'shardId-000000000001';

const limiterAt = (clock: FakeClock) => new ShardLimiter({ ...AWS_KINESIS_LIMITS }, clock.now);

/** How many of `count` writes of `bytes` each the shard admits, all at the current instant. */
const admittedWrites = (limiter: ShardLimiter, count: number, bytes: number, shardId = SHARD): number =>
  Array.from({ length: count }, () => limiter.tryWrite('s', shardId, bytes)).filter(Boolean).length;

describe('ShardLimiter: writes', () => {
  it('admits 1,000 records in a second on a shard and throttles the next one', () => {
    const limiter = limiterAt(new FakeClock());

    expect(admittedWrites(limiter, 1001, 10)).toBe(1000);
  });

  it('keeps admitting 700 records/s for ever (under the limit)', () => {
    const clock = new FakeClock();
    const limiter = limiterAt(clock);
    let refused = 0;
    for (let ms = 0; ms < 30_000; ms += 10) {
      refused += 7 - admittedWrites(limiter, 7, 100);
      clock.advance(10);
    }

    expect(refused).toBe(0);
  });

  it('throttles a steady 1,500 records/s down to about 1,000 records/s', () => {
    const clock = new FakeClock();
    const limiter = limiterAt(clock);
    let admitted = 0;
    for (let ms = 0; ms < 10_000; ms += 10) {
      admitted += admittedWrites(limiter, 15, 10);
      clock.advance(10);
    }

    // 1,000 of burst, then 1,000 per second.
    expect(admitted).toBeGreaterThanOrEqual(10_900);
    expect(admitted).toBeLessThanOrEqual(11_100);
  });

  it('throttles on bytes: 1 MiB/s (data plus partition key)', () => {
    const limiter = limiterAt(new FakeClock());

    // Ten 100 KiB records fit in the 1 MiB second; the eleventh goes into debt; the twelfth is refused.
    expect(admittedWrites(limiter, 12, 100 * 1024)).toBe(11);
  });

  it('keeps each shard separate', () => {
    const limiter = limiterAt(new FakeClock());

    expect(admittedWrites(limiter, 1000, 10)).toBe(1000);
    expect(admittedWrites(limiter, 1000, 10, OTHER_SHARD)).toBe(1000);
  });

  it('lets a 10 MiB record in, then throttles the shard until the debt is repaid at 1 MiB/s', () => {
    const clock = new FakeClock();
    const limiter = limiterAt(clock);

    expect(limiter.tryWrite('s', SHARD, 10 * MiB)).toBe(true);
    clock.advance(8_900);
    expect(limiter.tryWrite('s', SHARD, 10)).toBe(false);
    clock.advance(200);
    expect(limiter.tryWrite('s', SHARD, 10)).toBe(true);
  });

  it('gives a refunded write back', () => {
    const limiter = limiterAt(new FakeClock());
    admittedWrites(limiter, 1000, 10);

    limiter.refundWrite('s', SHARD, 10);

    expect(limiter.tryWrite('s', SHARD, 10)).toBe(true);
  });
});

describe('ShardLimiter: reads', () => {
  it('admits 5 GetRecords calls in a second on a shard and throttles the sixth', () => {
    const clock = new FakeClock();
    const limiter = limiterAt(clock);
    const calls = Array.from({ length: 6 }, () => limiter.tryRead('s', SHARD));

    expect(calls).toEqual([true, true, true, true, true, false]);
    clock.advance(200);
    expect(limiter.tryRead('s', SHARD)).toBe(true);
  });

  it('throttles every call on the shard for 5 s after a 10 MiB read', () => {
    const clock = new FakeClock();
    const limiter = limiterAt(clock);
    expect(limiter.tryRead('s', SHARD)).toBe(true);
    limiter.chargeRead('s', SHARD, 10 * MiB);

    expect(limiter.msUntilReadable('s', SHARD)).toBe(5000);
    clock.advance(4_999);
    expect(limiter.tryRead('s', SHARD)).toBe(false);
    clock.advance(2);
    expect(limiter.tryRead('s', SHARD)).toBe(true);
  });

  it('reads of up to 2 MiB/s keep the shard readable', () => {
    const clock = new FakeClock();
    const limiter = limiterAt(clock);
    let refused = 0;
    for (let ms = 0; ms < 20_000; ms += 250) {
      if (limiter.tryRead('s', SHARD)) limiter.chargeRead('s', SHARD, 0.45 * MiB);
      else refused++;
      clock.advance(250);
    }

    expect(refused).toBe(0);
  });

  it('does not count GetShardIterator against GetRecords', () => {
    const limiter = limiterAt(new FakeClock());
    for (let call = 0; call < 5; call++) limiter.tryGetShardIterator('s', SHARD);

    expect(limiter.tryGetShardIterator('s', SHARD)).toBe(false);
    expect(limiter.tryRead('s', SHARD)).toBe(true);
  });
});

describe('ShardLimiter: configuration and lifecycle', () => {
  it('applies configured limits', () => {
    const limiter = new ShardLimiter(
      { ...AWS_KINESIS_LIMITS, writeRecordsPerSecond: 3 },
      new FakeClock().now,
    );

    expect(admittedWrites(limiter, 5, 1)).toBe(3);
  });

  it('starts a stream created again with full budgets', () => {
    const limiter = limiterAt(new FakeClock());
    admittedWrites(limiter, 1000, 10);

    limiter.forgetStream('s');

    expect(admittedWrites(limiter, 1000, 10)).toBe(1000);
  });
});
