import {
  type EventSourceMappingConfiguration,
  GetEventSourceMappingCommand,
  type LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import type { ControlDecision } from '../controller/types';

/** What {@link MappingControl.apply} did. */
export type Applied =
  | { action: 'unchanged'; batchSize: number; enabled: boolean }
  | { action: 'updated'; batchSize: number; enabled: boolean; was: { batchSize: number; enabled: boolean } }
  | { action: 'busy'; state: string }
  | { action: 'no-mapping' };

/** The mapping-facing part of the Lambda API the ventilator uses (a LambdaClient, or a fake). */
export type LambdaSender = Pick<LambdaClient, 'send'>;

const ENABLED_STATES = new Set(['Enabled', 'Enabling', 'Creating']);

/**
 * The ventilator's handle on its own event-source mapping. It finds the mapping by function name
 * (ListEventSourceMappings: the mapping is created after the function, so the function cannot be told its
 * UUID), then applies a controller's decision with UpdateEventSourceMapping only when it differs from the
 * mapping. A mapping in a transition (Updating, Enabling…) answers ResourceInUseException: the decision is
 * then left for the next batch or tick, which will recompute it from the persisted state.
 */
export class MappingControl {
  readonly #lambda: LambdaSender;
  readonly #functionName: string;
  #uuid: string | undefined;

  public constructor(lambda: LambdaSender, functionName: string) {
    this.#lambda = lambda;
    this.#functionName = functionName;
  }

  public async current(): Promise<EventSourceMappingConfiguration | undefined> {
    const uuid = await this.#findUuid();
    if (!uuid) return undefined;
    return this.#lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
  }

  public async apply(decision: ControlDecision): Promise<Applied> {
    const mapping = await this.current();
    if (!mapping?.UUID) return { action: 'no-mapping' };
    const state = mapping.State ?? 'Enabled';
    const was = { batchSize: mapping.BatchSize ?? 0, enabled: ENABLED_STATES.has(state) };
    if (was.batchSize === decision.batchSize && was.enabled === decision.enabled)
      return { action: 'unchanged', ...was };
    if (!['Enabled', 'Disabled'].includes(state)) return { action: 'busy', state };
    try {
      await this.#lambda.send(
        new UpdateEventSourceMappingCommand({
          UUID: mapping.UUID,
          BatchSize: decision.batchSize,
          Enabled: decision.enabled,
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceInUseException') return { action: 'busy', state };
      if ((error as { name?: string }).name === 'ResourceNotFoundException') this.#uuid = undefined;
      throw error;
    }
    return { action: 'updated', batchSize: decision.batchSize, enabled: decision.enabled, was };
  }

  async #findUuid(): Promise<string | undefined> {
    if (this.#uuid) return this.#uuid;
    let marker: string | undefined;
    do {
      const page = await this.#lambda.send(
        new ListEventSourceMappingsCommand({
          FunctionName: this.#functionName,
          ...(marker ? { Marker: marker } : {}),
        }),
      );
      const found = page.EventSourceMappings?.find((mapping) => mapping.UUID);
      if (found?.UUID) {
        this.#uuid = found.UUID;
        return found.UUID;
      }
      marker = page.NextMarker;
    } while (marker);
    return undefined;
  }
}
