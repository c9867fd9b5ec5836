import { setImmediate as flushed } from 'node:timers/promises';
import type { Timers } from '../../src/events/timers';

/**
 * A clock and timers that only move when the test says (`advance`): each due task runs at its own time,
 * in order, with pending promises settled between tasks, so asynchronous code under test sees the same
 * sequence it would in real time.
 */
export class FakeTimers implements Timers {
  #nowMs: number;
  #nextId = 1;
  readonly #tasks = new Map<number, { atMs: number; task: () => void }>();

  public constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  public readonly now = (): number => this.#nowMs;

  public readonly setTimeout = (task: () => void, delayMs: number): unknown => {
    const id = this.#nextId++;
    this.#tasks.set(id, { atMs: this.#nowMs + Math.max(0, delayMs), task });
    return id;
  };

  public readonly clearTimeout = (handle: unknown): void => {
    this.#tasks.delete(handle as number);
  };

  /** Times (epoch ms) of the tasks waiting, earliest first. */
  public get pending(): number[] {
    return [...this.#tasks.values()].map(({ atMs }) => atMs).sort((a, b) => a - b);
  }

  /** Moves the clock `ms` forward, running every task that falls due on the way. */
  public async advance(ms: number): Promise<void> {
    const end = this.#nowMs + ms;
    await flushed();
    for (;;) {
      const due = [...this.#tasks.entries()]
        .filter(([, { atMs }]) => atMs <= end)
        .sort(([, a], [, b]) => a.atMs - b.atMs)[0];
      if (!due) break;
      const [id, { atMs, task }] = due;
      this.#tasks.delete(id);
      this.#nowMs = atMs;
      task();
      await flushed();
      await flushed();
    }
    this.#nowMs = end;
    await flushed();
  }

  /** Moves the clock to `isoOrMs`. */
  public async advanceTo(isoOrMs: string | number): Promise<void> {
    const target = typeof isoOrMs === 'string' ? Date.parse(isoOrMs) : isoOrMs;
    await this.advance(target - this.#nowMs);
  }
}
