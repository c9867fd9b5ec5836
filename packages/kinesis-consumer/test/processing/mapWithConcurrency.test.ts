import { mapWithConcurrency } from '../../src/processing/mapWithConcurrency';
import { delay } from '../helpers/recorders';

describe('mapWithConcurrency', () => {
  it('runs every item once and starts them in order', async () => {
    const started: number[] = [];

    await mapWithConcurrency([1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await delay(6 - item);
    });

    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  it('never runs more than the limit at once, and reaches it when there is enough work', async () => {
    let running = 0;
    let peak = 0;

    await mapWithConcurrency(
      Array.from({ length: 10 }, (_, index) => index),
      3,
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await delay(2);
        running -= 1;
      },
    );

    expect(peak).toBe(3);
  });

  it('runs fewer workers than the limit when there are fewer items', async () => {
    let running = 0;
    let peak = 0;

    await mapWithConcurrency(['a', 'b'], 8, async () => {
      running += 1;
      peak = Math.max(peak, running);
      await delay(2);
      running -= 1;
    });

    expect(peak).toBe(2);
  });

  it('does nothing for no items', async () => {
    const worker = jest.fn();

    await mapWithConcurrency([], 4, worker);

    expect(worker).not.toHaveBeenCalled();
  });

  it('after a worker throws, starts no new item, waits for the running ones, then rethrows the error', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const bug = new Error('bug in the framework');

    const run = mapWithConcurrency([1, 2, 3, 4, 5, 6], 2, async (item) => {
      started.push(item);
      if (item === 1) throw bug;
      await delay(10);
      finished.push(item);
    });

    await expect(run).rejects.toBe(bug);
    expect(started).toEqual([1, 2]);
    expect(finished).toEqual([2]);
  });
});
