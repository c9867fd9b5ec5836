import { backoffDelay } from '../../src';

const policy = { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 5000 };

describe('backoffDelay', () => {
  it('doubles the ceiling with each retry, from baseDelayMs', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, () => 0.999_999))).toEqual([
      49, 99, 199, 399, 799,
    ]);
  });

  it('never exceeds maxDelayMs, however many retries', () => {
    expect(backoffDelay(8, policy, () => 0.999_999)).toBe(4999);
    expect(backoffDelay(2000, policy, () => 0.999_999)).toBe(4999);
  });

  it('draws the whole range from 0 to the ceiling (full jitter)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.25)).toBe(50);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(100);
  });

  it('waits nothing with a zero base', () => {
    expect(backoffDelay(5, { ...policy, baseDelayMs: 0 }, () => 0.9)).toBe(0);
  });
});
