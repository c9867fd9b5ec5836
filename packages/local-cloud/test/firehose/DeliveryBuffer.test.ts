import { DeliveryBuffer } from '../../src/firehose/DeliveryBuffer';
import type { BufferedRecord } from '../../src/firehose/types';
import { FakeClock } from '../helpers/FakeClock';

const record = (bytes: number, sequenceNumber = '1'): BufferedRecord => ({
  shardId: 'shardId-000000000000',
  sequenceNumber,
  partitionKey: 'p-1',
  data: Buffer.alloc(bytes, 'x'),
  arrivalMs: 0,
});

describe('DeliveryBuffer: when Firehose delivers', () => {
  it('is due IntervalInSeconds after the first record entered it, not after the last', () => {
    const clock = new FakeClock(1_000);
    const buffer = new DeliveryBuffer({ sizeInMBs: 1, intervalMs: 60_000 });
    buffer.add(record(10), clock.now());
    clock.advance(59_000);
    buffer.add(record(10), clock.now());

    expect(buffer.dueAtMs()).toBe(61_000);
    expect(buffer.shouldDeliver(clock.now())).toBe(false);
    clock.advance(1_000);
    expect(buffer.shouldDeliver(clock.now())).toBe(true);
  });

  it('is due at once when the records reach SizeInMBs, long before the interval', () => {
    const clock = new FakeClock();
    const buffer = new DeliveryBuffer({ sizeInMBs: 1, intervalMs: 900_000 });
    buffer.add(record(600 * 1024), clock.now());
    expect(buffer.full).toBe(false);

    buffer.add(record(500 * 1024), clock.now());

    expect(buffer.full).toBe(true);
    expect(buffer.shouldDeliver(clock.now())).toBe(true);
  });

  it('is never due while empty, and starts a new interval after being taken', () => {
    const clock = new FakeClock();
    const buffer = new DeliveryBuffer({ sizeInMBs: 1, intervalMs: 1_000 });
    clock.advance(10_000);
    expect(buffer.shouldDeliver(clock.now())).toBe(false);
    buffer.add(record(1, '1'), clock.now());
    buffer.add(record(1, '2'), clock.now());

    const taken = buffer.take();
    clock.advance(5_000);
    buffer.add(record(1, '3'), clock.now());

    expect(taken.map((r) => r.sequenceNumber)).toEqual(['1', '2']);
    expect(buffer.size).toBe(1);
    expect(buffer.bytes).toBe(1);
    expect(buffer.dueAtMs()).toBe(16_000);
  });

  it('with a zero interval (AWS allows 0) is due as soon as it holds a record', () => {
    const buffer = new DeliveryBuffer({ sizeInMBs: 5, intervalMs: 0 });
    buffer.add(record(1), 42);
    expect(buffer.shouldDeliver(42)).toBe(true);
  });
});
