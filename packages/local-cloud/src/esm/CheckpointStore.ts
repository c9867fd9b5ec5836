import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where a mapping is in one shard: after a sequence number, or done with a closed shard. */
export interface ShardCheckpoint {
  sequenceNumber?: string;
  /** The closed shard was read to its end and everything in it was processed. */
  finished?: boolean;
}

export interface MappingCheckpoints {
  /** When the mapping first started: LATEST and AT_TIMESTAMP resolve against it after a restart. */
  createdAtMs: number;
  shards: Record<string, ShardCheckpoint>;
}

/**
 * A mapping's per-shard checkpoints, kept in a JSON file so the local cloud resumes where it stopped,
 * like Lambda does. Writes are coalesced (at most one per `flushMs`) and atomic (write, then rename);
 * `flush()` on shutdown. A crash loses at most the last `flushMs` of progress, which only means some
 * records are delivered again: at-least-once, as on AWS.
 */
export class CheckpointStore {
  readonly #file: string;
  readonly #flushMs: number;
  #state: MappingCheckpoints;
  #timer: NodeJS.Timeout | undefined;

  public constructor(file: string, flushMs = 200, now: () => number = Date.now) {
    this.#file = file;
    this.#flushMs = flushMs;
    try {
      this.#state = JSON.parse(readFileSync(file, 'utf8')) as MappingCheckpoints;
    } catch {
      this.#state = { createdAtMs: now(), shards: {} };
      this.flush();
    }
  }

  public get createdAtMs(): number {
    return this.#state.createdAtMs;
  }

  public get(shardId: string): ShardCheckpoint | undefined {
    return this.#state.shards[shardId];
  }

  public set(shardId: string, checkpoint: ShardCheckpoint): void {
    this.#state.shards[shardId] = checkpoint;
    this.#timer ??= setTimeout(() => this.flush(), this.#flushMs);
  }

  public flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    mkdirSync(dirname(this.#file), { recursive: true });
    const tmp = `${this.#file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.#state));
    renameSync(tmp, this.#file);
  }
}
