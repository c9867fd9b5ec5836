import {
  eventSk,
  hourBucket,
  nextBucket,
  normalizeTime,
  subjectPk,
  timePk,
  timeSk,
  writeShard,
} from '../../src/store/keys';

describe('the key design', () => {
  it('keys a subject’s history by zero-padded version, so versions sort as numbers', () => {
    const keys = [10, 2, 100, 1].map((version) => eventSk({ version, type: 'T', id: 'id' }));

    expect([...keys].sort()).toEqual(
      [1, 2, 10, 100].map((version) => eventSk({ version, type: 'T', id: 'id' })),
    );
    expect(eventSk({ version: 7, type: 'PostPublished', id: 'abc' })).toBe(
      'e#000000000007#PostPublished#abc',
    );
    expect(subjectPk({ type: 'post', id: 'p1' })).toBe('s#post#p1');
  });

  it('normalises times with offsets to UTC milliseconds, so they sort as times', () => {
    expect(normalizeTime('2026-02-01T13:00:00+02:00')).toBe('2026-02-01T11:00:00.000Z');
    expect(normalizeTime('2026-02-01T11:00:00.5Z')).toBe('2026-02-01T11:00:00.500Z');
    expect(() => normalizeTime('yesterday')).toThrow(RangeError);
  });

  it('buckets times by hour and steps to the next hour across days', () => {
    expect(hourBucket('2026-02-01T11:59:59.999Z')).toBe('2026-02-01T11');
    expect(nextBucket('2026-02-01T23')).toBe('2026-02-02T00');
    expect(nextBucket('2026-12-31T23')).toBe('2027-01-01T00');
  });

  it('puts an event on the same write shard every time', () => {
    expect(writeShard('4f1c1b9e-0000-4000-8000-000000000001', 8)).toBe(
      writeShard('4f1c1b9e-0000-4000-8000-000000000001', 8),
    );
    expect(timePk('2026-02-01T11', 3)).toBe('t#2026-02-01T11#3');
    expect(timeSk('2026-02-01T11:00:00.000Z', 'id')).toBe('2026-02-01T11:00:00.000Z#id');
  });

  it('spreads a burst of events with the same time evenly over the write shards', () => {
    const shards = 8;
    const counts = new Array<number>(shards).fill(0);
    for (let n = 0; n < 20_000; n++) {
      const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      counts[writeShard(id, shards)] = (counts[writeShard(id, shards)] ?? 0) + 1;
    }

    const mean = 20_000 / shards;
    expect(Math.max(...counts)).toBeLessThanOrEqual(1.1 * mean);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(0.9 * mean);
  });
});
