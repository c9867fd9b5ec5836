import { WriteRateLimiter } from '../../src';

/** Sends `records` of `bytes` each on one shard as fast as the limiter allows; returns the virtual ms taken. */
const drive = (
  limiter: WriteRateLimiter,
  clock: { now: number },
  records: number,
  bytes: number,
  shard = 's0',
) => {
  const start = clock.now;
  for (let index = 0; index < records; index++) clock.now += limiter.delayFor(shard, bytes);
  return clock.now - start;
};

describe('WriteRateLimiter', () => {
  it('paces one shard to its share of 1,000 records/s for small records', () => {
    const clock = { now: 0 };
    const limiter = new WriteRateLimiter({ share: 0.5, now: () => clock.now });

    const elapsed = drive(limiter, clock, 5_000, 100);

    // 5,000 records at 500/s = 10 s, minus the 0.1 s burst allowance.
    expect(elapsed).toBeCloseTo(9_900, -1);
  });

  it('paces large records by bytes: 1 MiB/s at share 1', () => {
    const clock = { now: 0 };
    const limiter = new WriteRateLimiter({ share: 1, now: () => clock.now });

    const elapsed = drive(limiter, clock, 100, 100 * 1024);

    // 100 × 100 KiB = 9.77 MiB → 9.77 s (records alone would allow it in 0.1 s).
    expect(elapsed / 1000).toBeCloseTo((100 * 100 * 1024) / (1024 * 1024) - 0.1, 1);
  });

  it('keeps shards independent', () => {
    const clock = { now: 0 };
    const limiter = new WriteRateLimiter({ share: 1, now: () => clock.now });

    for (let index = 0; index < 1_000; index++) limiter.delayFor('hot', 10);

    expect(limiter.delayFor('cold', 10)).toBe(0);
    expect(limiter.delayFor('hot', 10)).toBeGreaterThan(800);
  });

  it('lets the first burst through without waiting, then spaces records', () => {
    const clock = { now: 0 };
    const limiter = new WriteRateLimiter({ share: 1, burstSeconds: 0.05, now: () => clock.now });

    const waits = Array.from({ length: 60 }, () => limiter.delayFor('s', 10));

    expect(waits.slice(0, 50).every((wait) => wait === 0)).toBe(true);
    expect(waits[59]).toBeCloseTo(10, 5);
  });

  it('does not bank unused time beyond the burst after an idle period', () => {
    const clock = { now: 0 };
    const limiter = new WriteRateLimiter({ share: 1, now: () => clock.now });
    limiter.delayFor('s', 10);
    clock.now += 60_000;

    const elapsed = drive(limiter, clock, 1_100, 10, 's');

    expect(elapsed).toBeCloseTo(1_000, -1);
  });

  it('refuses a share outside (0, 1]', () => {
    expect(() => new WriteRateLimiter({ share: 0 })).toThrow(RangeError);
    expect(() => new WriteRateLimiter({ share: 1.5 })).toThrow(RangeError);
  });
});
