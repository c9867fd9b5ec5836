import type { Clock } from './types';

/**
 * The moment the mapper must stop working so that it can still answer CloudFormation: the function's
 * remaining time at the start of the invocation, less a safety margin for the response PUT.
 *
 * @example
 * const deadline = Deadline.fromContext(context, clock, 20_000);
 * if (deadline.remainingMs() < delay) throw new TimeBudgetExceededError(...);
 */
export class Deadline {
  readonly #clock: Clock;
  readonly #at: number;

  public constructor(clock: Clock, at: number) {
    this.#clock = clock;
    this.#at = at;
  }

  /** From a Lambda context: `getRemainingTimeInMillis()` now, less `safetyMarginMs`. */
  public static fromContext(
    context: { getRemainingTimeInMillis(): number },
    clock: Clock,
    safetyMarginMs: number,
  ): Deadline {
    return new Deadline(clock, clock.now() + context.getRemainingTimeInMillis() - safetyMarginMs);
  }

  /** Milliseconds left before the deadline (0 once passed). */
  public remainingMs(): number {
    return Math.max(0, this.#at - this.#clock.now());
  }

  public hasPassed(): boolean {
    return this.remainingMs() === 0;
  }
}
