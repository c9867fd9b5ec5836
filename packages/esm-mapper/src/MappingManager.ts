import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { TRANSITIONAL_STATES } from './constants';
import type { Deadline } from './Deadline';
import type { MappingProperties } from './mappingProperties';
import { toCreateInput, toUpdateInput } from './toMappingInput';
import type { Clock, MapperLogger, MappingLambdaClient } from './types';
import { type RetryOptions, withRetries } from './withRetries';

/** A mapping as the mapper reports it to CloudFormation. */
export interface MappingResult {
  uuid: string;
  /** `adopted`: an identical mapping (same function and source) already existed and was taken over. */
  outcome: 'created' | 'adopted' | 'updated' | 'deleted' | 'already-deleted';
  configuration?: EventSourceMappingConfiguration;
}

interface ManagerDeps {
  lambda: MappingLambdaClient;
  logger: MapperLogger;
  clock: Clock;
  deadline: Deadline;
  retry: Omit<RetryOptions, 'deadline' | 'clock' | 'onRetry'>;
  stabilizePollMs: number;
}

const isNotFound = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'ResourceNotFoundException' ||
    (error.cause instanceof Error && error.cause.name === 'ResourceNotFoundException'));

/**
 * The Lambda calls behind one custom-resource request, each retried on throttling and conflicts within
 * the invocation's time budget.
 */
export class MappingManager {
  readonly #deps: ManagerDeps;
  readonly #retry: RetryOptions;

  public constructor(deps: ManagerDeps) {
    this.#deps = deps;
    this.#retry = {
      ...deps.retry,
      deadline: deps.deadline,
      clock: deps.clock,
      onRetry: ({ operation, attempt, delayMs, error }) =>
        deps.logger.warn('retrying', {
          operation,
          attempt,
          delayMs,
          error: error instanceof Error ? error.name : String(error),
        }),
    };
  }

  /**
   * Creates the mapping. On ResourceConflictException it looks for a mapping of the same function and
   * source: one being deleted (or `replacing`, the mapping this one replaces) means wait and retry; any
   * other is adopted and updated to `props` (docs/decisions/0011-esm-mapper-adopts-existing-mappings.md).
   */
  public async create(props: MappingProperties, replacing?: string): Promise<MappingResult> {
    const input = toCreateInput(props);
    const result = await withRetries<MappingResult>(
      'CreateEventSourceMapping',
      async (abortSignal) => {
        try {
          const created = await this.#deps.lambda.send(new CreateEventSourceMappingCommand(input), {
            abortSignal,
          });
          return { uuid: String(created.UUID), outcome: 'created' };
        } catch (error) {
          if (!(error instanceof Error) || error.name !== 'ResourceConflictException') throw error;
          const existing = await this.#findExisting(props, abortSignal);
          if (!existing?.UUID || existing.State === 'Deleting') throw error; // in progress: retry
          if (existing.UUID === replacing) {
            // Same function and source as the mapping being replaced: it must go first.
            await this.#deleteOnce(existing.UUID, abortSignal);
            throw error;
          }
          this.#deps.logger.warn('adopting an existing mapping of the same function and source', {
            uuid: existing.UUID,
            state: existing.State,
          });
          return { uuid: existing.UUID, outcome: 'adopted' };
        }
      },
      this.#retry,
    );
    if (result.outcome === 'adopted') {
      const updated = await this.update(result.uuid, props, {});
      return { ...updated, outcome: 'adopted' };
    }
    return { ...result, configuration: await this.#stabilize(result.uuid) };
  }

  /** Updates mapping `uuid` in place to `props`, resetting settings `oldProps` had and `props` has not. */
  public async update(
    uuid: string,
    props: MappingProperties,
    oldProps: Partial<MappingProperties>,
  ): Promise<MappingResult> {
    const { input, notReset } = toUpdateInput(uuid, props, oldProps);
    if (notReset.length > 0) {
      this.#deps.logger.warn('removed settings with no known default are left as they are', { notReset });
    }
    await withRetries(
      'UpdateEventSourceMapping',
      (abortSignal) => this.#deps.lambda.send(new UpdateEventSourceMappingCommand(input), { abortSignal }),
      this.#retry,
    );
    return { uuid, outcome: 'updated', configuration: await this.#stabilize(uuid) };
  }

  /** Deletes mapping `uuid`; one already gone counts as deleted. Retries while it is Creating/Updating. */
  public async delete(uuid: string): Promise<MappingResult> {
    const gone = await withRetries(
      'DeleteEventSourceMapping',
      (abortSignal) => this.#deleteOnce(uuid, abortSignal),
      this.#retry,
    );
    return { uuid, outcome: gone ? 'already-deleted' : 'deleted' };
  }

  /** Whether mapping `uuid` exists (false once deleted). */
  public async exists(uuid: string): Promise<boolean> {
    try {
      await withRetries(
        'GetEventSourceMapping',
        (abortSignal) =>
          this.#deps.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }), { abortSignal }),
        this.#retry,
      );
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Returns true when the mapping was already gone. */
  async #deleteOnce(uuid: string, abortSignal: AbortSignal): Promise<boolean> {
    try {
      await this.#deps.lambda.send(new DeleteEventSourceMappingCommand({ UUID: uuid }), { abortSignal });
      return false;
    } catch (error) {
      if (isNotFound(error)) return true;
      throw error;
    }
  }

  async #findExisting(
    props: MappingProperties,
    abortSignal: AbortSignal,
  ): Promise<EventSourceMappingConfiguration | undefined> {
    let marker: string | undefined;
    do {
      const page = await this.#deps.lambda.send(
        new ListEventSourceMappingsCommand({
          FunctionName: props.FunctionName,
          ...(props.EventSourceArn ? { EventSourceArn: props.EventSourceArn } : {}),
          ...(marker ? { Marker: marker } : {}),
        }),
        { abortSignal },
      );
      const found = page.EventSourceMappings?.find(
        (mapping) => !props.EventSourceArn || mapping.EventSourceArn === props.EventSourceArn,
      );
      if (found) return found;
      marker = page.NextMarker;
    } while (marker);
    return undefined;
  }

  /**
   * Waits, within the time budget, until the mapping leaves Creating/Updating/Enabling/Disabling, so a
   * following update of the stack does not collide with it. Out of time, the mapping is reported as it
   * is: it exists and Lambda finishes the transition by itself.
   */
  async #stabilize(uuid: string): Promise<EventSourceMappingConfiguration | undefined> {
    const { lambda, clock, deadline, stabilizePollMs, logger } = this.#deps;
    let configuration: EventSourceMappingConfiguration | undefined;
    for (;;) {
      configuration = await withRetries(
        'GetEventSourceMapping',
        (abortSignal) => lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }), { abortSignal }),
        this.#retry,
      ).catch((error: unknown) => {
        logger.warn('could not read the mapping state', { uuid, error: String(error) });
        return configuration;
      });
      if (!configuration?.State || !TRANSITIONAL_STATES.has(configuration.State)) return configuration;
      if (deadline.remainingMs() <= stabilizePollMs) {
        logger.warn('mapping still in transition when time ran out', { uuid, state: configuration.State });
        return configuration;
      }
      await clock.sleep(stabilizePollMs);
    }
  }
}
