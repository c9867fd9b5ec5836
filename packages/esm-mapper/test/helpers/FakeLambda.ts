import type { EventSourceMappingConfiguration } from '@aws-sdk/client-lambda';

type Operation = 'Create' | 'Update' | 'Delete' | 'Get' | 'List';

/** An SDK-shaped service error (`name` is what the mapper branches on). */
export const awsError = (name: string, message = `${name} from the fake`): Error => {
  const error = new Error(message);
  error.name = name;
  Object.assign(error, { $metadata: { httpStatusCode: name === 'ResourceNotFoundException' ? 404 : 400 } });
  return error;
};

let counter = 0;
const nextUuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

/**
 * An in-memory Lambda event-source-mapping API: Create refuses a second mapping of the same function and
 * source (ResourceConflictException, as Lambda does), and scripted errors can be queued per operation.
 */
export class FakeLambda {
  public readonly mappings = new Map<string, EventSourceMappingConfiguration & { FunctionName?: string }>();
  public readonly calls: Array<{ operation: Operation; input: Record<string, unknown> }> = [];
  readonly #failures = new Map<Operation, Array<Error | 'hang'>>();
  /** State a new or updated mapping is in for its first Get (then Enabled). */
  public transitionalState: string | undefined;

  /** The next calls of `operation` fail with these errors, in order ('hang' never answers). */
  public failNext(operation: Operation, ...errors: Array<Error | 'hang'>): this {
    this.#failures.set(operation, [...(this.#failures.get(operation) ?? []), ...errors]);
    return this;
  }

  /** Puts a mapping in place, as if it existed before the request. */
  public seed(mapping: EventSourceMappingConfiguration & { FunctionName?: string }): string {
    const uuid = mapping.UUID ?? nextUuid();
    this.mappings.set(uuid, { State: 'Enabled', ...mapping, UUID: uuid });
    return uuid;
  }

  public callsOf(operation: Operation) {
    return this.calls.filter((call) => call.operation === operation).map((call) => call.input);
  }

  public send = async (command: { input: object; constructor: { name: string } }): Promise<never> => {
    const operation = command.constructor.name
      .replace(/Command$/, '')
      .replace(/EventSourceMappings?$/, '') as Operation;
    const input = command.input as Record<string, unknown>;
    this.calls.push({ operation, input });
    const failure = this.#failures.get(operation)?.shift();
    if (failure === 'hang') return new Promise<never>(() => undefined);
    if (failure) throw failure;
    return this.#answer(operation, input) as never;
  };

  #answer(operation: Operation, input: Record<string, unknown>): unknown {
    const uuid = input.UUID as string | undefined;
    switch (operation) {
      case 'Create': {
        const duplicate = [...this.mappings.values()].find(
          (m) => m.FunctionName === input.FunctionName && m.EventSourceArn === input.EventSourceArn,
        );
        if (duplicate) throw awsError('ResourceConflictException', `mapping exists: ${duplicate.UUID}`);
        const created = {
          ...(input as EventSourceMappingConfiguration),
          FunctionName: input.FunctionName as string,
          UUID: nextUuid(),
          State: this.transitionalState ?? 'Enabled',
        };
        created.EventSourceMappingArn = `arn:aws:lambda:us-east-1:123456789012:event-source-mapping:${created.UUID}`;
        this.mappings.set(created.UUID, created);
        return created;
      }
      case 'Update': {
        const mapping = uuid ? this.mappings.get(uuid) : undefined;
        if (!mapping) throw awsError('ResourceNotFoundException');
        Object.assign(mapping, input, { State: this.transitionalState ?? 'Enabled' });
        return mapping;
      }
      case 'Delete': {
        const mapping = uuid ? this.mappings.get(uuid) : undefined;
        if (!mapping) throw awsError('ResourceNotFoundException');
        this.mappings.delete(mapping.UUID as string);
        return { ...mapping, State: 'Deleting' };
      }
      case 'Get': {
        const mapping = uuid ? this.mappings.get(uuid) : undefined;
        if (!mapping) throw awsError('ResourceNotFoundException');
        const seen = { ...mapping };
        mapping.State = mapping.State === 'Deleting' ? 'Deleting' : 'Enabled';
        return seen;
      }
      case 'List':
        return {
          EventSourceMappings: [...this.mappings.values()].filter(
            (m) =>
              (!input.FunctionName || m.FunctionName === input.FunctionName) &&
              (!input.EventSourceArn || m.EventSourceArn === input.EventSourceArn),
          ),
        };
    }
  }
}
