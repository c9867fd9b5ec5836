/** Holds scheduled tasks until the test runs them: transitions happen exactly when the test says. */
export class FakeScheduler {
  readonly #tasks: Array<{ task: () => void; delayMs: number }> = [];

  public readonly schedule = (task: () => void, delayMs: number): void => {
    this.#tasks.push({ task, delayMs });
  };

  /** Delays of the tasks waiting to run. */
  public get pending(): number[] {
    return this.#tasks.map(({ delayMs }) => delayMs);
  }

  /** Runs every task scheduled so far. */
  public runAll(): void {
    for (const { task } of this.#tasks.splice(0)) task();
  }
}
