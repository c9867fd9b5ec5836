/**
 * A counting semaphore with a strict FIFO line and synchronous grants: the bound on records queued or
 * in flight.
 *
 * Grants are callbacks, not promises, on purpose: a promise would hand the slot over one microtask later,
 * and a `put` arriving in between could take a slot freed at the same time and overtake an earlier `put`
 * of the same key. A newcomer never jumps the line either: it waits while anyone is waiting.
 *
 * @example
 * const capacity = new Capacity(2);
 * capacity.acquire(() => console.log('granted now'));
 * capacity.release(); // hands the slot to the longest waiter, if any
 */
export class Capacity {
  readonly #limit: number;
  #inUse = 0;
  // A queue with a moving head: Array#shift would make a long line of waiting puts quadratic.
  #waiters: Array<(() => void) | undefined> = [];
  #head = 0;
  #releasing = 0;
  #draining = false;

  public constructor(limit: number) {
    this.#limit = limit;
  }

  /** Slots taken. */
  public get inUse(): number {
    return this.#inUse;
  }

  /** Callers in line for a slot. */
  public get waiting(): number {
    return this.#waiters.length - this.#head;
  }

  /** Calls `onGranted` as soon as a slot is free and everyone before is served — synchronously if now. */
  public acquire(onGranted: () => void): void {
    if (this.#inUse < this.#limit && this.waiting === 0) {
      this.#inUse++;
      onGranted();
      return;
    }
    this.#waiters.push(onGranted);
  }

  /** Frees a slot; the longest waiter gets it at once. */
  public release(): void {
    if (this.#inUse - this.#releasing === 0) throw new Error('Capacity released more often than acquired');
    this.#releasing++;
    // A grant callback may release in turn (a record refused on arrival): queue that release and let
    // the outer loop do it, so a long line of such waiters cannot overflow the stack.
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#releasing > 0) {
        this.#releasing--;
        this.#handOver();
      }
    } finally {
      this.#draining = false;
    }
  }

  #handOver(): void {
    const next = this.#waiters[this.#head];
    if (next === undefined) {
      this.#inUse--;
      return;
    }
    // Drop the reference so a served waiter's closure can be collected before compaction.
    this.#waiters[this.#head] = undefined;
    this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#waiters.length) {
      this.#waiters = this.#waiters.slice(this.#head);
      this.#head = 0;
    }
    // The slot passes straight to the waiter: inUse does not change.
    next();
  }
}
