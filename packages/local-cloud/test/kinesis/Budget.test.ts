import { Budget } from '../../src/kinesis/limits/Budget';
import { FakeClock } from '../helpers/FakeClock';

describe('Budget', () => {
  it('starts full with one second of its rate and allows spends while positive', () => {
    const clock = new FakeClock();
    const budget = new Budget({ ratePerSecond: 5, minimum: 1, now: clock.now });

    for (let call = 0; call < 5; call++) {
      expect(budget.available()).toBe(true);
      budget.spend(1);
    }

    expect(budget.available()).toBe(false);
  });

  it('with minimum 1, counts whole calls: a partial refill does not let a call in', () => {
    const clock = new FakeClock();
    const budget = new Budget({ ratePerSecond: 5, minimum: 1, now: clock.now });
    for (let call = 0; call < 5; call++) budget.spend(1);

    clock.advance(150);
    expect(budget.available()).toBe(false);
    expect(budget.msUntilAvailable()).toBe(50);
    clock.advance(50);
    expect(budget.available()).toBe(true);
  });

  it('by default allows a spend as soon as the level is positive', () => {
    const clock = new FakeClock();
    const budget = new Budget({ ratePerSecond: 1000, now: clock.now });
    budget.spend(1000);

    clock.advance(1);
    expect(budget.available()).toBe(true);
  });

  it('refills continuously at its rate, never above its capacity', () => {
    const clock = new FakeClock();
    const budget = new Budget({ ratePerSecond: 1000, now: clock.now });
    budget.spend(1000);

    clock.advance(250);
    expect(budget.level()).toBeCloseTo(250);

    clock.advance(10_000);
    expect(budget.level()).toBe(1000);
  });

  it('goes into debt on a spend larger than what is left, and stays closed until the debt is repaid', () => {
    const clock = new FakeClock();
    const budget = new Budget({ ratePerSecond: 100, now: clock.now });

    budget.spend(300);

    expect(budget.level()).toBe(-200);
    expect(budget.msUntilAvailable()).toBe(2000);
    clock.advance(1999);
    expect(budget.available()).toBe(false);
    clock.advance(2);
    expect(budget.available()).toBe(true);
  });

  it('with overdraftCostsAll, leaves the whole spend as debt when it is larger than what is left', () => {
    const clock = new FakeClock();
    const MiB = 1024 * 1024;
    const budget = new Budget({ ratePerSecond: 2 * MiB, overdraftCostsAll: true, now: clock.now });

    budget.spend(10 * MiB);

    expect(budget.level()).toBe(-10 * MiB);
    expect(budget.msUntilAvailable()).toBe(5000);
  });

  it('with overdraftCostsAll, charges a spend that fits as usual', () => {
    const clock = new FakeClock();
    const budget = new Budget({ ratePerSecond: 100, overdraftCostsAll: true, now: clock.now });

    budget.spend(40);

    expect(budget.level()).toBe(60);
  });

  it('gives back a refund, up to its capacity', () => {
    const clock = new FakeClock();
    const budget = new Budget({ ratePerSecond: 10, now: clock.now });
    budget.spend(10);

    budget.refund(4);
    expect(budget.level()).toBe(4);
    budget.refund(100);
    expect(budget.level()).toBe(10);
  });
});
