import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { MappingStats } from '../esm/EventSourceMapping';
import type { MappingDefinition } from '../provision/definitions';
import type { ControlPlaneThrottle } from './ControlPlaneThrottle';
import { invalidParameter, LambdaApiError } from './errors';
import type { MappingStateFile } from './MappingStateFile';
import { functionArnOf, resolveFunction } from './resolveFunction';
import { type MappingRecord, toConfiguration } from './toConfiguration';
import {
  type CreateMappingRequest,
  type EventSourceMappingConfiguration,
  type LocalFunction,
  TRANSITIONAL_STATES,
  type UpdateMappingRequest,
} from './types';
import {
  type SourceKind,
  sourceKindOf,
  validateCreateRequest,
  validateUpdateRequest,
} from './validateMappingRequest';

/** What the service needs of the ESM engine (EventSourceMappingEngine). */
export interface MappingEngine {
  add(definition: MappingDefinition): Promise<void>;
  update(uuid: string, changes: Partial<MappingDefinition>): void;
  remove(uuid: string): Promise<void>;
  get(uuid: string): { stats(): MappingStats } | undefined;
}

export interface EventSourceMappingServiceOptions {
  engine: MappingEngine;
  /** The functions that exist (from the templates). */
  functions: () => Iterable<LocalFunction>;
  /** Whether the stream exists (Kinesis DescribeStreamSummary, DynamoDB Streams DescribeStream). */
  sourceExists: (arn: string, kind: SourceKind) => Promise<boolean>;
  /** How long Creating, Updating, Enabling, Disabling and Deleting last; default 1,000 ms. */
  transitionMs?: number;
  /** Control-plane rate limits; none when omitted. */
  throttle?: ControlPlaneThrottle;
  /** Where mappings created through the API are kept across restarts. */
  stateFile?: MappingStateFile;
  /** The engine's checkpoint folder: a deleted mapping's checkpoints go with it. */
  checkpointDir?: string;
  now?: () => number;
  /** Runs a transition later; `setTimeout` by default (tests inject their own). */
  schedule?: (task: () => void, delayMs: number) => void;
  log?: (message: string) => void;
}

export interface ListOptions {
  eventSourceArn?: string;
  functionName?: string;
  marker?: string;
  maxItems?: number;
}

const IN_USE = {
  update: 'Cannot update the event source mapping because it is in use.',
  delete: 'Cannot delete the event source mapping because it is in use.',
};
const NOT_FOUND = 'The resource you requested does not exist.';

/**
 * Lambda's event-source-mapping control plane over the local engine: Create/Get/List/Update/Delete with
 * AWS's validation, defaults, states (Creating → Enabled, Updating, Enabling, Disabling, Deleting, each
 * lasting `transitionMs`), errors and rate limits (decision 0009). Mappings provisioned from templates are
 * registered too; mappings created through the API are persisted and restored on start.
 */
export class EventSourceMappingService {
  readonly #options: EventSourceMappingServiceOptions;
  readonly #records = new Map<string, MappingRecord>();
  readonly #now: () => number;
  #seq = 0;
  #pending = 0;
  #idleWaiters: Array<() => void> = [];
  #stopped = false;

  public constructor(options: EventSourceMappingServiceOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Adds a mapping provisioned from a template: it runs at once, as after a finished deployment. */
  public async register(definition: MappingDefinition): Promise<void> {
    const fn = resolveFunction(this.#options.functions(), definition.functionName);
    const record = this.#insert(definition, fn?.arn ?? functionArnOf(definition.functionName), 'template');
    await this.#start(record);
    settle(record);
  }

  /** Re-adds the mappings created through the API before the last stop. */
  public async restore(): Promise<void> {
    for (const saved of this.#options.stateFile?.load() ?? []) {
      if (this.#records.has(saved.definition.uuid)) continue;
      const record = this.#insert(saved.definition, saved.functionArn, 'api');
      record.lastModifiedMs = saved.lastModifiedMs;
      await this.#start(record);
      settle(record);
    }
  }

  public async create(request: CreateMappingRequest): Promise<EventSourceMappingConfiguration> {
    const valid = validateCreateRequest(request);
    this.#options.throttle?.admit('CreateEventSourceMapping', valid.eventSourceArn);
    const fn = resolveFunction(this.#options.functions(), valid.functionName);
    if (!fn) throw invalidParameter('Function does not exist');
    if (!(await this.#options.sourceExists(valid.eventSourceArn, valid.kind))) {
      throw invalidParameter(`Stream not found: ${valid.eventSourceArn}`);
    }
    // Checked after the await, right before inserting, so two concurrent creates cannot both pass.
    this.#refuseDuplicate(fn, valid.eventSourceArn);
    const definition: MappingDefinition = {
      ...valid.settings,
      uuid: randomUUID(),
      stackName: 'lambda-api',
      logicalId: 'EventSourceMapping',
      functionName: fn.functionName,
      eventSourceArn: valid.eventSourceArn,
    };
    const record = this.#insert(definition, fn.arn, 'api');
    record.state = 'Creating';
    this.#persist();
    this.#transition(record, () => this.#start(record));
    return this.#configuration(record);
  }

  public get(uuid: string): EventSourceMappingConfiguration {
    this.#options.throttle?.admit('GetEventSourceMapping');
    return this.#configuration(this.#record(uuid));
  }

  public list(options: ListOptions = {}): {
    EventSourceMappings: EventSourceMappingConfiguration[];
    NextMarker?: string;
  } {
    this.#options.throttle?.admit('ListEventSourceMappings');
    const pageSize = Math.min(options.maxItems ?? 100, 100);
    if (options.maxItems !== undefined && (options.maxItems < 1 || options.maxItems > 10_000)) {
      throw invalidParameter(
        `1 validation error detected: Value '${options.maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 10000`,
      );
    }
    const from = options.marker === undefined ? 0 : decodeMarker(options.marker);
    const fn = options.functionName
      ? resolveFunction(this.#options.functions(), options.functionName)
      : undefined;
    const matching = [...this.#records.values()].filter(
      (record) =>
        record.seq >= from &&
        (!options.eventSourceArn || record.definition.eventSourceArn === options.eventSourceArn) &&
        (!options.functionName || record.definition.functionName === fn?.functionName),
    );
    const page = matching.slice(0, pageSize);
    const next = matching[pageSize];
    return {
      EventSourceMappings: page.map((record) => this.#configuration(record)),
      ...(next ? { NextMarker: encodeMarker(next.seq) } : {}),
    };
  }

  public update(uuid: string, request: UpdateMappingRequest): EventSourceMappingConfiguration {
    this.#options.throttle?.admit('UpdateEventSourceMapping');
    const record = this.#record(uuid);
    if (TRANSITIONAL_STATES.has(record.state))
      throw new LambdaApiError('ResourceInUseException', IN_USE.update);
    const kind = sourceKindOf(record.definition.eventSourceArn) ?? 'kinesis';
    const valid = validateUpdateRequest(request, kind);
    let functionArn = record.functionArn;
    let functionName = record.definition.functionName;
    if (valid.functionName !== undefined) {
      const fn = resolveFunction(this.#options.functions(), valid.functionName);
      if (!fn) throw invalidParameter('Function does not exist');
      if (fn.functionName !== functionName) this.#refuseDuplicate(fn, record.definition.eventSourceArn);
      functionArn = fn.arn;
      functionName = fn.functionName;
    }
    const wasEnabled = record.definition.enabled !== false;
    record.definition = { ...record.definition, ...valid.changes, functionName };
    record.functionArn = functionArn;
    const enabled = record.definition.enabled !== false;
    record.state = wasEnabled === enabled ? 'Updating' : enabled ? 'Enabling' : 'Disabling';
    record.lastModifiedMs = this.#now();
    this.#persist();
    this.#transition(record, async () => {
      if (this.#options.engine.get(uuid)) this.#options.engine.update(uuid, record.definition);
      else await this.#start(record);
    });
    return this.#configuration(record);
  }

  public delete(uuid: string): EventSourceMappingConfiguration {
    this.#options.throttle?.admit('DeleteEventSourceMapping');
    const record = this.#record(uuid);
    if (TRANSITIONAL_STATES.has(record.state))
      throw new LambdaApiError('ResourceInUseException', IN_USE.delete);
    record.state = 'Deleting';
    record.lastModifiedMs = this.#now();
    this.#persist();
    this.#transition(record, async () => {
      await this.#options.engine.remove(uuid);
      if (this.#options.checkpointDir)
        rmSync(join(this.#options.checkpointDir, `${uuid}.json`), { force: true });
      this.#records.delete(uuid);
      this.#persist();
    });
    return this.#configuration(record);
  }

  /** Resolves once no transition is scheduled or running. */
  public idle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops scheduling transitions (the engine is stopped by its owner). */
  public stop(): void {
    this.#stopped = true;
  }

  #insert(
    definition: MappingDefinition,
    functionArn: string,
    origin: MappingRecord['origin'],
  ): MappingRecord {
    const record: MappingRecord = {
      definition,
      functionArn,
      origin,
      state: definition.enabled === false ? 'Disabled' : 'Enabled',
      lastModifiedMs: this.#now(),
      seq: this.#seq++,
    };
    this.#records.set(definition.uuid, record);
    return record;
  }

  /** Adds the mapping to the engine; a failure leaves it Disabled, the reason in LastProcessingResult. */
  async #start(record: MappingRecord): Promise<void> {
    try {
      await this.#options.engine.add(record.definition);
      delete record.problem;
    } catch (error) {
      record.problem = (error as Error).message;
      this.#options.log?.(`event-source mapping ${record.definition.uuid} cannot run: ${record.problem}`);
    }
  }

  /** Runs `work` after the transition delay, then settles the state on Enabled or Disabled. */
  #transition(record: MappingRecord, work: () => Promise<void>): void {
    const schedule = this.#options.schedule ?? ((task, ms) => setTimeout(task, ms).unref());
    this.#pending += 1;
    schedule(() => {
      const run = this.#stopped ? Promise.resolve() : work();
      void run
        .catch((error: Error) => {
          record.problem = error.message;
          this.#options.log?.(`event-source mapping ${record.definition.uuid}: ${error.message}`);
        })
        .finally(() => {
          if (record.state !== 'Deleting') {
            settle(record);
            this.#persist();
          }
          this.#pending -= 1;
          if (this.#pending === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
        });
    }, this.#options.transitionMs ?? 1_000);
  }

  #refuseDuplicate(fn: LocalFunction, eventSourceArn: string): void {
    for (const other of this.#records.values()) {
      if (
        other.definition.functionName === fn.functionName &&
        other.definition.eventSourceArn === eventSourceArn
      ) {
        throw new LambdaApiError(
          'ResourceConflictException',
          `The event source arn (" ${eventSourceArn} ") and function (" ${fn.functionName} ") provided mapping already exists. Please update or delete the existing mapping with UUID ${other.definition.uuid}`,
        );
      }
    }
  }

  #record(uuid: string): MappingRecord {
    const record = this.#records.get(uuid);
    if (!record) throw new LambdaApiError('ResourceNotFoundException', NOT_FOUND);
    return record;
  }

  #configuration(record: MappingRecord): EventSourceMappingConfiguration {
    const invocations = this.#options.engine.get(record.definition.uuid)?.stats().invocations ?? 0;
    return toConfiguration(record, invocations);
  }

  #persist(): void {
    this.#options.stateFile?.save(
      [...this.#records.values()]
        .filter((record) => record.origin === 'api' && record.state !== 'Deleting')
        .map((record) => ({
          definition: record.definition,
          functionArn: record.functionArn,
          lastModifiedMs: record.lastModifiedMs,
        })),
    );
  }
}

/** The state an operation ends in: Enabled, or Disabled when so asked or when the engine cannot run it. */
const settle = (record: MappingRecord): void => {
  record.state = record.problem || record.definition.enabled === false ? 'Disabled' : 'Enabled';
};

const encodeMarker = (seq: number): string => Buffer.from(`esm:${seq}`).toString('base64url');

const decodeMarker = (marker: string): number => {
  const match = /^esm:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!match?.[1]) throw invalidParameter(`Invalid marker: ${marker}`);
  return Number(match[1]);
};
