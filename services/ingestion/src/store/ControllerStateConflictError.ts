/**
 * The controller's state changed since it was read: another control turn (a ventilator invocation on
 * another shard, or the scheduled tick) wrote it first. The turn re-reads and re-applies itself.
 *
 * @example
 * try {
 *   await store.writeControllerState(state, now, version);
 * } catch (error) {
 *   if (error instanceof ControllerStateConflictError) retry(); // re-read, step again
 * }
 */
export class ControllerStateConflictError extends Error {
  public readonly code = 'ControllerStateConflict';
  /** The version the writer read (0: none stored). */
  public readonly expectedVersion: number;

  public constructor(expectedVersion: number, options?: { cause?: unknown }) {
    super(
      `the controller state is no longer at version ${expectedVersion}: another control turn wrote it first`,
      options,
    );
    this.name = 'ControllerStateConflictError';
    this.expectedVersion = expectedVersion;
  }
}
