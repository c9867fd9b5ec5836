/** A clock that only moves when told to (by the poller's injected sleep, or by the test). */
export class FakeClock {
  #nowMs: number;

  public constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  public readonly now = (): number => this.#nowMs;

  public advance(ms: number): void {
    this.#nowMs += ms;
  }
}
