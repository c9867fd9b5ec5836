/**
 * A budget that refills at `ratePerSecond` up to `capacity` (one second's worth by default) and can go
 * into debt: a spend is allowed while the level is at least `minimum` (default: positive; 1 for budgets
 * of whole calls or records, a plain token bucket), and may take it below zero; the debt is repaid by
 * the refill before the next spend is allowed. With `overdraftCostsAll`, a spend larger than
 * the level leaves the whole spend as debt (the read penalty: "after a 10 MiB read, the next 5 s are
 * throttled" at 2 MiB/s).
 */
export class Budget {
  readonly #ratePerMs: number;
  readonly #capacity: number;
  readonly #overdraftCostsAll: boolean;
  readonly #minimum: number;
  readonly #now: () => number;
  #level: number;
  #updatedAt: number;

  public constructor(options: {
    ratePerSecond: number;
    capacity?: number;
    overdraftCostsAll?: boolean;
    minimum?: number;
    now: () => number;
  }) {
    this.#ratePerMs = options.ratePerSecond / 1000;
    this.#capacity = options.capacity ?? options.ratePerSecond;
    this.#overdraftCostsAll = options.overdraftCostsAll ?? false;
    this.#minimum = options.minimum ?? Number.MIN_VALUE;
    this.#now = options.now;
    this.#level = this.#capacity;
    this.#updatedAt = options.now();
  }

  /** The level now (negative while in debt). */
  public level(): number {
    const now = this.#now();
    if (now > this.#updatedAt) {
      this.#level = Math.min(this.#capacity, this.#level + (now - this.#updatedAt) * this.#ratePerMs);
      this.#updatedAt = now;
    }
    return this.#level;
  }

  /** Whether a spend is allowed now. */
  public available(): boolean {
    return this.level() >= this.#minimum;
  }

  /** Takes `amount` from the level, into debt if need be. */
  public spend(amount: number): void {
    const level = this.level();
    this.#level = this.#overdraftCostsAll && amount > level ? -amount : level - amount;
  }

  /** Gives back `amount` (a spend for a call that failed afterwards). */
  public refund(amount: number): void {
    this.#level = Math.min(this.#capacity, this.level() + amount);
  }

  /** Milliseconds until a spend is allowed again (0 when it is now). */
  public msUntilAvailable(): number {
    const level = this.level();
    return level >= this.#minimum ? 0 : Math.ceil((this.#minimum - level) / this.#ratePerMs);
  }
}
