import type { MappingDefinition } from '../provision/definitions';
import { CheckpointStore } from './CheckpointStore';
import { parseFilterPatterns } from './filterPatterns';
import type { InvokeResult } from './LambdaInvoker';
import { type BatchOutcome, type DiscardedBatch, type PollerSettings, ShardPoller } from './ShardPoller';
import type { ShardReadScheduler } from './ShardReadScheduler';
import type { ShardInfo, ShardSource } from './types';

/** Live figures of one mapping, as the engine reports them. */
export interface MappingStats {
  uuid: string;
  functionName: string;
  eventSourceArn: string;
  state: 'Enabled' | 'Disabled';
  batchSize: number;
  /** Concurrent batches per shard (1 while a tumbling window is set: one state per shard). */
  parallelizationFactor: number;
  tumblingWindowInSeconds: number;
  /** Where discarded batches are recorded, if anywhere. */
  onFailureDestination?: string;
  shards: number;
  activeShards: number;
  invocations: number;
  errors: number;
  partialFailures: number;
  recordsDelivered: number;
  recordsDiscarded: number;
  lastBatchSize: number;
  /** IteratorAge of the last batch: when it was received minus the arrival time of its last record. */
  iteratorAgeMs: number;
  maxIteratorAgeMs: number;
}

export interface MappingDeps {
  source: ShardSource;
  checkpointFile: string;
  invoke: (functionName: string, payload: unknown) => Promise<InvokeResult>;
  pollIntervalMs: number;
  shardDiscoveryMs: number;
  onDiscard: (mapping: MappingDefinition, batch: DiscardedBatch) => void;
  onBatch?: (mapping: MappingDefinition, outcome: BatchOutcome) => void;
  log: (message: string) => void;
  /** Shared by the engine's mappings; used by those with a `readPriority`. */
  readScheduler?: ShardReadScheduler;
}

const toSettings = (
  definition: MappingDefinition,
  filters = parseFilterPatterns(definition.filterPatterns),
): PollerSettings => ({
  functionName: definition.functionName,
  enabled: definition.enabled !== false,
  batchSize: definition.batchSize ?? 100,
  maximumBatchingWindowMs: (definition.maximumBatchingWindowInSeconds ?? 0) * 1000,
  startingPosition: definition.startingPosition ?? 'LATEST',
  ...(definition.startingPositionTimestamp !== undefined
    ? { startingPositionTimestampMs: definition.startingPositionTimestamp * 1000 }
    : {}),
  bisectBatchOnFunctionError: definition.bisectBatchOnFunctionError === true,
  maximumRetryAttempts: definition.maximumRetryAttempts ?? -1,
  maximumRecordAgeMs:
    definition.maximumRecordAgeInSeconds === undefined || definition.maximumRecordAgeInSeconds < 0
      ? -1
      : definition.maximumRecordAgeInSeconds * 1000,
  reportBatchItemFailures: definition.functionResponseTypes?.includes('ReportBatchItemFailures') ?? false,
  filters,
  parallelizationFactor: Math.min(Math.max(definition.parallelizationFactor ?? 1, 1), 10),
  tumblingWindowMs: Math.min(Math.max(definition.tumblingWindowInSeconds ?? 0, 0), 900) * 1000,
});

/** The settings as the figures show them. */
const settingsFigures = (definition: MappingDefinition, settings: PollerSettings) => ({
  state: settings.enabled ? ('Enabled' as const) : ('Disabled' as const),
  batchSize: settings.batchSize,
  parallelizationFactor: (settings.tumblingWindowMs ?? 0) > 0 ? 1 : (settings.parallelizationFactor ?? 1),
  tumblingWindowInSeconds: (settings.tumblingWindowMs ?? 0) / 1000,
  ...(definition.onFailureDestinationArn ? { onFailureDestination: definition.onFailureDestinationArn } : {}),
});

/**
 * One event-source mapping: one poller per readable shard, new shards discovered as they appear, and a
 * child shard started only once its parents are finished, so per-key order survives resharding.
 */
export class EventSourceMapping {
  #definition: MappingDefinition;
  #settings: PollerSettings;
  readonly #deps: MappingDeps;
  readonly #checkpoints: CheckpointStore;
  readonly #pollers = new Map<string, { poller: ShardPoller; done: Promise<boolean> }>();
  readonly #stats: MappingStats;
  #discovery: NodeJS.Timeout | undefined;
  #shards: ShardInfo[] = [];
  #stopped = false;

  public constructor(definition: MappingDefinition, deps: MappingDeps) {
    this.#definition = definition;
    this.#settings = toSettings(definition);
    this.#deps = deps;
    this.#checkpoints = new CheckpointStore(deps.checkpointFile);
    this.#stats = {
      uuid: definition.uuid,
      functionName: definition.functionName,
      eventSourceArn: definition.eventSourceArn,
      ...settingsFigures(definition, this.#settings),
      shards: 0,
      activeShards: 0,
      invocations: 0,
      errors: 0,
      partialFailures: 0,
      recordsDelivered: 0,
      recordsDiscarded: 0,
      lastBatchSize: 0,
      iteratorAgeMs: 0,
      maxIteratorAgeMs: 0,
    };
  }

  public get definition(): MappingDefinition {
    return this.#definition;
  }

  public stats(): MappingStats {
    return { ...this.#stats, activeShards: this.#pollers.size, shards: this.#shards.length };
  }

  /** Applies new settings; running pollers read them before their next batch. */
  public update(changes: Partial<MappingDefinition>): void {
    this.#definition = { ...this.#definition, ...changes };
    this.#settings = toSettings(this.#definition);
    delete this.#stats.onFailureDestination;
    Object.assign(this.#stats, settingsFigures(this.#definition, this.#settings));
  }

  public async start(): Promise<void> {
    await this.#discover();
    this.#discovery = setInterval(() => {
      this.#discover().catch((error) =>
        this.#deps.log(`shard discovery failed: ${(error as Error).message}`),
      );
    }, this.#deps.shardDiscoveryMs);
    this.#discovery.unref();
  }

  public async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#discovery) clearInterval(this.#discovery);
    for (const { poller } of this.#pollers.values()) poller.stop();
    await Promise.allSettled([...this.#pollers.values()].map(({ done }) => done));
    this.#pollers.clear();
    this.#checkpoints.flush();
  }

  async #discover(): Promise<void> {
    this.#shards = await this.#deps.source.listShards();
    // A discovery that was under way when the mapping stopped must not start pollers nobody will stop.
    if (this.#stopped) return;
    const known = new Set(this.#shards.map((shard) => shard.shardId));
    for (const shard of this.#shards) {
      if (this.#pollers.has(shard.shardId) || this.#checkpoints.get(shard.shardId)?.finished) continue;
      // Parents that have expired out of the stream no longer block their children.
      const blocked = shard.parentShardIds.some(
        (parent) => known.has(parent) && !this.#checkpoints.get(parent)?.finished,
      );
      if (!blocked) this.#startPoller(shard.shardId);
    }
  }

  #startPoller(shardId: string): void {
    const poller = new ShardPoller({
      source: this.#deps.source,
      shardId,
      settings: () => this.#settings,
      invoke: this.#deps.invoke,
      checkpoints: this.#checkpoints,
      pollIntervalMs: this.#deps.pollIntervalMs,
      onBatch: (outcome) => this.#record(outcome),
      onDiscard: (batch) => {
        this.#stats.recordsDiscarded += batch.records.length;
        this.#deps.onDiscard(this.#definition, batch);
      },
      onError: (message) => this.#deps.log(message),
      beforeRead: async () => {
        const priority = this.#definition.readPriority;
        if (priority && this.#deps.readScheduler) {
          await this.#deps.readScheduler.turn(
            `${this.#definition.eventSourceArn}#${shardId}`,
            this.#definition.uuid,
            priority,
          );
        }
      },
    });
    const done = poller.run().then((finished) => {
      this.#pollers.delete(shardId);
      // A finished parent may unblock its children right away.
      if (finished) void this.#discover().catch(() => undefined);
      return finished;
    });
    this.#pollers.set(shardId, { poller, done });
  }

  #record(outcome: BatchOutcome): void {
    const stats = this.#stats;
    stats.invocations += 1;
    stats.lastBatchSize = outcome.size;
    stats.iteratorAgeMs = outcome.iteratorAgeMs;
    stats.maxIteratorAgeMs = Math.max(stats.maxIteratorAgeMs, outcome.iteratorAgeMs);
    if (outcome.result === 'error') stats.errors += 1;
    if (outcome.result === 'partial') stats.partialFailures += 1;
    stats.recordsDelivered += outcome.delivered;
    this.#deps.onBatch?.(this.#definition, outcome);
  }
}
