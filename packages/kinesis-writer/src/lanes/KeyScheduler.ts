import type { KeyLane } from './KeyLanes';

/**
 * Gives keys with a record to send their turns: at most `maxConcurrent` keys sending at once, one record
 * per turn, round robin — a key with more records goes to the back of the line, so a busy key cannot
 * starve the others.
 *
 * @example
 * const scheduler = new KeyScheduler(64, (lane) => void sendHead(lane));
 * scheduler.schedule(lane);  // after a record joined lane.queue
 * scheduler.finished(lane);  // when the lane's head record settled
 */
export class KeyScheduler {
  readonly #maxConcurrent: number;
  readonly #send: (lane: KeyLane) => void;
  /** Keys waiting for a turn, in the order they became ready. */
  readonly #ready: KeyLane[] = [];
  #sending = 0;

  public constructor(maxConcurrent: number, send: (lane: KeyLane) => void) {
    this.#maxConcurrent = maxConcurrent;
    this.#send = send;
  }

  /** Keys with a record in flight. */
  public get sending(): number {
    return this.#sending;
  }

  /** Lines the key up if it has a record and is neither lined up nor sending; starts keys while slots are free. */
  public schedule(lane: KeyLane): void {
    if (!lane.scheduled && lane.queue.length > 0) {
      lane.scheduled = true;
      this.#ready.push(lane);
    }
    while (this.#sending < this.#maxConcurrent) {
      const next = this.#ready.shift();
      if (!next) return;
      this.#sending++;
      this.#send(next);
    }
  }

  /** The key's turn is over: it frees its slot and lines up again if it has more records. */
  public finished(lane: KeyLane): void {
    lane.scheduled = false;
    this.#sending--;
    this.schedule(lane);
  }
}
