import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ShardCheckpoint } from '../esm/CheckpointStore';

interface State {
  /** When the delivery stream was first started: it reads from there (AWS: LATEST at creation). */
  createdAtMs: number;
  /** Firehose's delivery stream version: 1, plus one per configuration change (it is in object names). */
  version: number;
  configHash: string;
  shards: Record<string, ShardCheckpoint>;
}

/**
 * A delivery stream's durable state under the data dir: per-shard checkpoints (the last record written to
 * S3), its creation time and version. Saved (atomically: write, then rename) after every delivery, so a
 * restart neither loses records nor writes again more than the delivery it was in the middle of.
 */
export class DeliveryState {
  readonly #file: string;
  readonly #state: State;

  public constructor(file: string, config: unknown, now: () => number = Date.now) {
    this.#file = file;
    const configHash = createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 16);
    let state: State | undefined;
    try {
      state = JSON.parse(readFileSync(file, 'utf8')) as State;
    } catch {
      state = undefined;
    }
    if (!state) this.#state = { createdAtMs: now(), version: 1, configHash, shards: {} };
    else if (state.configHash !== configHash)
      this.#state = { ...state, version: state.version + 1, configHash };
    else this.#state = state;
    this.save();
  }

  public get createdAtMs(): number {
    return this.#state.createdAtMs;
  }

  public get version(): number {
    return this.#state.version;
  }

  public get(shardId: string): ShardCheckpoint | undefined {
    return this.#state.shards[shardId];
  }

  public set(shardId: string, checkpoint: ShardCheckpoint): void {
    this.#state.shards[shardId] = checkpoint;
  }

  public save(): void {
    mkdirSync(dirname(this.#file), { recursive: true });
    const tmp = `${this.#file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.#state));
    renameSync(tmp, this.#file);
  }
}
