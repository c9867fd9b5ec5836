import { join } from 'node:path';
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { MappingDefinition } from '../provision/definitions';
import { EventSourceMapping, type MappingStats } from './EventSourceMapping';
import type { LambdaInvoker } from './LambdaInvoker';
import type { BatchOutcome, DiscardedBatch } from './ShardPoller';
import { ShardReadScheduler } from './ShardReadScheduler';
import { DynamoDbShardSource } from './sources/DynamoDbShardSource';
import { KinesisShardSource } from './sources/KinesisShardSource';
import type { ShardSource } from './types';

export interface EngineOptions {
  kinesis: KinesisClient;
  dynamodbStreams: DynamoDBStreamsClient;
  invoker: LambdaInvoker;
  /** Directory of the per-mapping checkpoint files. */
  checkpointDir: string;
  /** Idle poll interval per shard; 1 s as on AWS. */
  pollIntervalMs?: number;
  shardDiscoveryMs?: number;
  log?: (message: string) => void;
  onDiscard?: (mapping: MappingDefinition, batch: DiscardedBatch) => void;
  onBatch?: (mapping: MappingDefinition, outcome: BatchOutcome) => void;
  /** Schedules the reads of mappings that have a `readPriority`; one with AWS's 5 reads/s per shard by default. */
  readScheduler?: ShardReadScheduler;
}

/**
 * Lambda's event-source mappings for Kinesis and DynamoDB Streams, run locally against the emulators,
 * invoking functions through serverless-offline. See AWS-SEMANTICS.md for the behaviour reproduced and
 * docs/fidelity.md for what is and is not.
 */
export class EventSourceMappingEngine {
  readonly #options: EngineOptions;
  readonly #mappings = new Map<string, EventSourceMapping>();
  readonly #readScheduler: ShardReadScheduler;

  public constructor(options: EngineOptions) {
    this.#options = options;
    this.#readScheduler = options.readScheduler ?? new ShardReadScheduler();
  }

  public async add(definition: MappingDefinition): Promise<void> {
    if (this.#mappings.has(definition.uuid)) throw new Error(`Mapping ${definition.uuid} already exists`);
    const mapping = new EventSourceMapping(definition, {
      source: this.#source(definition.eventSourceArn),
      checkpointFile: join(this.#options.checkpointDir, `${definition.uuid}.json`),
      invoke: (name, payload) => this.#options.invoker.invoke(name, payload),
      pollIntervalMs: this.#options.pollIntervalMs ?? 1_000,
      shardDiscoveryMs: this.#options.shardDiscoveryMs ?? 5_000,
      onDiscard: (m, batch) => this.#options.onDiscard?.(m, batch),
      ...(this.#options.onBatch ? { onBatch: this.#options.onBatch } : {}),
      log: (message) => this.#options.log?.(`[esm ${definition.functionName}] ${message}`),
      readScheduler: this.#readScheduler,
    });
    this.#mappings.set(definition.uuid, mapping);
    await mapping.start();
  }

  public get(uuid: string): EventSourceMapping | undefined {
    return this.#mappings.get(uuid);
  }

  public list(): EventSourceMapping[] {
    return [...this.#mappings.values()];
  }

  public stats(): MappingStats[] {
    return this.list().map((mapping) => mapping.stats());
  }

  public update(uuid: string, changes: Partial<MappingDefinition>): void {
    const mapping = this.#mappings.get(uuid);
    if (!mapping) throw new Error(`No mapping ${uuid}`);
    mapping.update(changes);
  }

  public async remove(uuid: string): Promise<void> {
    const mapping = this.#mappings.get(uuid);
    this.#mappings.delete(uuid);
    await mapping?.stop();
  }

  public async stop(): Promise<void> {
    await Promise.all(this.list().map((mapping) => mapping.stop()));
    this.#mappings.clear();
  }

  #source(arn: string): ShardSource {
    if (arn.startsWith('arn:aws:kinesis:')) return new KinesisShardSource(this.#options.kinesis, arn);
    if (arn.includes(':dynamodb:') && arn.includes('/stream/')) {
      return new DynamoDbShardSource(this.#options.dynamodbStreams, arn);
    }
    throw new Error(`Unsupported event source ${arn} (Kinesis streams and DynamoDB streams only)`);
  }
}
