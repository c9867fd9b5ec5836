/** How one mapping takes its turn at reading a shard when reads are scheduled by priority. */
export interface ReadPriority {
  /** Lower is served first when several mappings wait for the same shard (0 = most urgent). */
  priority: number;
  /**
   * Least time between two reads of a shard by this mapping, the "PauseTime" the source article asked
   * Lambda for: a low-priority sink with a large batch reads seldom, leaving the shard's reads to others.
   */
  pauseMs: number;
}

export interface ShardReadSchedulerOptions {
  /** GetRecords calls per second a shard serves, shared by every consumer (5 on AWS). */
  readsPerSecond?: number;
  /**
   * Waiting this long raises a consumer by one priority level, so urgent consumers that keep asking
   * cannot starve the others (default 1,000 ms).
   */
  agingMs?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => { cancel: () => void };
}

interface Waiter {
  consumer: string;
  priority: ReadPriority;
  since: number;
  grant: () => void;
}

interface ShardState {
  waiters: Waiter[];
  /** When the shard can serve its next read. */
  nextSlotAt: number;
  lastReadBy: Map<string, number>;
  timer: { cancel: () => void } | undefined;
}

const defaultTimer = (callback: () => void, ms: number) => {
  const timer = setTimeout(callback, ms);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

/**
 * Shares each shard's read budget between the mappings that read it, by priority, instead of letting them
 * race for it as Lambda's pollers do (and get throttled at random, which is what the source article
 * measured). Reads of a shard are spaced so the shard's limit is never exceeded; when a slot is free, the
 * waiting mapping with the lowest `priority` whose pause has elapsed reads first, ties going to the one that
 * waited longest; each `agingMs` of waiting counts as one level of priority, so nobody starves. No function sleeps, nobody is throttled, and the urgent consumers keep a low IteratorAge.
 *
 * This is a local-cloud mechanism (Lambda has no such setting); on AWS the equivalent is enhanced fan-out
 * for the urgent consumers — see docs/benchmarks.md, "priority experiment".
 */
export class ShardReadScheduler {
  readonly #spacingMs: number;
  readonly #agingMs: number;
  readonly #now: () => number;
  readonly #setTimer: NonNullable<ShardReadSchedulerOptions['setTimer']>;
  readonly #shards = new Map<string, ShardState>();

  public constructor(options: ShardReadSchedulerOptions = {}) {
    // A hair over 1/limit so that a limiter counting calls per second never sees one too many.
    this.#spacingMs = Math.ceil(1000 / (options.readsPerSecond ?? 5)) + 5;
    this.#agingMs = options.agingMs ?? 1_000;
    this.#now = options.now ?? Date.now;
    this.#setTimer = options.setTimer ?? defaultTimer;
  }

  /** Resolves when `consumer` may read `shard` (a stream ARN and shard id, joined). */
  public turn(shard: string, consumer: string, priority: ReadPriority): Promise<void> {
    const state = this.#state(shard);
    return new Promise<void>((resolve) => {
      state.waiters.push({ consumer, priority, since: this.#now(), grant: resolve });
      this.#schedule(shard, state);
    });
  }

  /** Consumers waiting for a shard, for tests and live figures. */
  public waiting(shard: string): number {
    return this.#shards.get(shard)?.waiters.length ?? 0;
  }

  #state(shard: string): ShardState {
    let state = this.#shards.get(shard);
    if (!state) {
      state = { waiters: [], nextSlotAt: 0, lastReadBy: new Map(), timer: undefined };
      this.#shards.set(shard, state);
    }
    return state;
  }

  #schedule(shard: string, state: ShardState): void {
    state.timer?.cancel();
    state.timer = undefined;
    if (state.waiters.length === 0) return;
    const now = this.#now();
    const readyAt = (waiter: Waiter) =>
      Math.max(
        state.nextSlotAt,
        (state.lastReadBy.get(waiter.consumer) ?? -Infinity) + waiter.priority.pauseMs,
      );
    const ready = state.waiters.filter((waiter) => readyAt(waiter) <= now);
    if (ready.length > 0) {
      const rank = (waiter: Waiter) => waiter.priority.priority - (now - waiter.since) / this.#agingMs;
      const next = ready.reduce((best, waiter) =>
        rank(waiter) < rank(best) || (rank(waiter) === rank(best) && waiter.since < best.since)
          ? waiter
          : best,
      );
      state.waiters.splice(state.waiters.indexOf(next), 1);
      state.lastReadBy.set(next.consumer, now);
      state.nextSlotAt = now + this.#spacingMs;
      next.grant();
    }
    if (state.waiters.length === 0) return;
    const wakeAt = Math.min(...state.waiters.map(readyAt));
    state.timer = this.#setTimer(() => this.#schedule(shard, state), Math.max(0, wakeAt - this.#now()));
  }
}
