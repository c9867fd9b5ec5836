import { type ReadPriority, ShardReadScheduler } from '../../src/esm/ShardReadScheduler';
import { FakeClock } from '../helpers/FakeClock';

/** Lets granted turns run their continuations before the clock moves on. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** Timers that fire only when the test advances the clock past them. */
class FakeTimers {
  readonly clock = new FakeClock(1_000_000);
  #timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];

  readonly setTimer = (callback: () => void, ms: number) => {
    const timer = { at: this.clock.now() + ms, callback, cancelled: false };
    this.#timers.push(timer);
    return { cancel: () => (timer.cancelled = true) };
  };

  /** Moves time forward in 1 ms steps, firing due timers, and lets granted promises settle. */
  async advance(ms: number): Promise<void> {
    await settle();
    for (let i = 0; i < ms; i++) {
      this.clock.advance(1);
      const due = this.#timers.filter((timer) => !timer.cancelled && timer.at <= this.clock.now());
      this.#timers = this.#timers.filter((timer) => !due.includes(timer));
      for (const timer of due) timer.callback();
      if (due.length > 0) await settle();
    }
  }
}

const URGENT: ReadPriority = { priority: 0, pauseMs: 0 };
const RELAXED: ReadPriority = { priority: 5, pauseMs: 0 };

const setup = (readsPerSecond = 5) => {
  const timers = new FakeTimers();
  const scheduler = new ShardReadScheduler({
    readsPerSecond,
    now: timers.clock.now,
    setTimer: timers.setTimer,
  });
  const grants: Array<{ consumer: string; at: number }> = [];
  const ask = (consumer: string, priority: ReadPriority, shard = 'stream/a#shard-0') =>
    scheduler.turn(shard, consumer, priority).then(() => grants.push({ consumer, at: timers.clock.now() }));
  return { timers, scheduler, grants, ask };
};

describe('ShardReadScheduler', () => {
  it('grants a lone reader at once', async () => {
    const { grants, ask } = setup();
    await ask('sink00', URGENT);
    expect(grants).toEqual([{ consumer: 'sink00', at: 1_000_000 }]);
  });

  it('never grants more reads of a shard per second than its limit, however many consumers ask', async () => {
    const { timers, grants, ask } = setup(5);
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 16; i++) void ask(`sink${i}`, URGENT);
    }
    await timers.advance(15_000);
    expect(grants).toHaveLength(64);
    for (let i = 5; i < grants.length; i++) {
      const current = grants[i] as { at: number };
      const fiveBefore = grants[i - 5] as { at: number };
      expect(current.at - fiveBefore.at).toBeGreaterThanOrEqual(1_000);
    }
  });

  it('serves the lowest priority number first when several wait', async () => {
    const { timers, grants, ask } = setup();
    void ask('first', URGENT); // takes the free slot
    void ask('relaxed-1', RELAXED);
    void ask('relaxed-2', RELAXED);
    void ask('urgent', URGENT);
    await timers.advance(1_000);
    expect(grants.map((grant) => grant.consumer)).toEqual(['first', 'urgent', 'relaxed-1', 'relaxed-2']);
  });

  it('breaks ties by who waited longest', async () => {
    const { timers, grants, ask } = setup();
    void ask('a', URGENT);
    void ask('b', URGENT);
    await timers.advance(5);
    void ask('c', URGENT);
    await timers.advance(1_000);
    expect(grants.map((grant) => grant.consumer)).toEqual(['a', 'b', 'c']);
  });

  it('makes a consumer wait its pause between two reads, even when the shard is free', async () => {
    const { timers, grants, ask } = setup();
    await ask('batchy', { priority: 9, pauseMs: 15_000 });
    void ask('batchy', { priority: 9, pauseMs: 15_000 });
    await timers.advance(14_990);
    expect(grants).toHaveLength(1);
    await timers.advance(20);
    expect(grants).toHaveLength(2);
    expect((grants[1] as { at: number }).at - (grants[0] as { at: number }).at).toBe(15_000);
  });

  it('lets a lower-priority consumer read while a more urgent one is still in its pause', async () => {
    const { timers, grants, ask } = setup();
    await ask('urgent', { priority: 0, pauseMs: 1_000 });
    void ask('urgent', { priority: 0, pauseMs: 1_000 });
    void ask('relaxed', RELAXED);
    await timers.advance(300);
    expect(grants.map((grant) => grant.consumer)).toEqual(['urgent', 'relaxed']);
  });

  it('does not let urgent consumers that keep asking starve a relaxed one', async () => {
    const { timers, grants, ask } = setup(5);
    const keepAsking = async (consumer: string) => {
      for (let i = 0; i < 40; i++) await ask(consumer, URGENT);
    };
    for (const consumer of ['u1', 'u2', 'u3', 'u4', 'u5', 'u6']) void keepAsking(consumer);
    void ask('relaxed', { priority: 3, pauseMs: 0 });
    await timers.advance(8_000);
    const relaxed = grants.find((grant) => grant.consumer === 'relaxed');
    // Three levels below urgent consumers that themselves wait ~1.2 s for a slot: served after about
    // 3 + 1.2 s of waiting, not never (without aging it would wait for all 240 urgent reads, 48 s).
    expect(relaxed?.at).toBeDefined();
    expect((relaxed?.at ?? Infinity) - 1_000_000).toBeLessThanOrEqual(5_000);
  });

  it('schedules each shard on its own', async () => {
    const { timers, grants, ask } = setup(1);
    void ask('a', URGENT, 'stream/a#shard-0');
    void ask('b', URGENT, 'stream/a#shard-1');
    await timers.advance(1);
    expect(grants.map((grant) => grant.consumer).sort()).toEqual(['a', 'b']);
  });
});
