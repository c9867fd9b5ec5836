import { type KeyLane, KeyLanes, type PendingRecord } from '../../src/lanes/KeyLanes';
import { KeyScheduler } from '../../src/lanes/KeyScheduler';

/** A lane with `records` placeholder records queued. */
const laneWith = (lanes: KeyLanes, key: string, records: number): KeyLane => {
  const lane = lanes.get(key);
  lane.queue.push(...Array.from({ length: records }, () => ({}) as PendingRecord));
  return lane;
};

describe('KeyScheduler', () => {
  it('starts at most maxConcurrent keys, in the order they became ready', () => {
    const lanes = new KeyLanes(100);
    const started: string[] = [];
    const scheduler = new KeyScheduler(2, (lane) => started.push(lane.key));

    for (const key of ['a', 'b', 'c']) scheduler.schedule(laneWith(lanes, key, 1));

    expect(started).toEqual(['a', 'b']);
    expect(scheduler.sending).toBe(2);
  });

  it('never lines a key up twice, so one key never has two records in flight', () => {
    const lanes = new KeyLanes(100);
    const started: string[] = [];
    const scheduler = new KeyScheduler(4, (lane) => started.push(lane.key));
    const lane = laneWith(lanes, 'a', 3);

    scheduler.schedule(lane);
    scheduler.schedule(lane);

    expect(started).toEqual(['a']);
  });

  it('sends a finished key with more records to the back of the line', () => {
    const lanes = new KeyLanes(100);
    const started: string[] = [];
    const scheduler = new KeyScheduler(1, (lane) => started.push(lane.key));
    const hot = laneWith(lanes, 'hot', 2);
    scheduler.schedule(hot);
    scheduler.schedule(laneWith(lanes, 'cold', 1));

    hot.queue.shift();
    scheduler.finished(hot);

    expect(started).toEqual(['hot', 'cold']);
    expect(hot.scheduled).toBe(true);
  });

  it('does not line up a key with nothing left to send', () => {
    const lanes = new KeyLanes(100);
    const started: string[] = [];
    const scheduler = new KeyScheduler(1, (lane) => started.push(lane.key));
    const lane = laneWith(lanes, 'a', 1);
    scheduler.schedule(lane);

    lane.queue.shift();
    scheduler.finished(lane);

    expect(lane.scheduled).toBe(false);
    expect(scheduler.sending).toBe(0);
    expect(started).toEqual(['a']);
  });
});
