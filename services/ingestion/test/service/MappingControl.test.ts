import {
  GetEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { type LambdaSender, MappingControl } from '../../src/service/MappingControl';
import { runControl } from '../../src/service/runControl';
import { PARAMS } from '../helpers/observations';

/** A Lambda API with one mapping, recording the updates it is sent. */
const fakeLambda = (mapping: { BatchSize: number; State: string }) => {
  const updates: Array<{ BatchSize?: number | undefined; Enabled?: boolean | undefined }> = [];
  let lists = 0;
  const lambda: LambdaSender = {
    send: (async (command: unknown) => {
      if (command instanceof ListEventSourceMappingsCommand) {
        lists++;
        expect(command.input.FunctionName).toBe('kes-ingestion-acme-dev-ventilator');
        return { EventSourceMappings: [{ UUID: 'uuid-1', ...mapping }] };
      }
      if (command instanceof GetEventSourceMappingCommand) return { UUID: 'uuid-1', ...mapping };
      if (command instanceof UpdateEventSourceMappingCommand) {
        if (mapping.State === 'Updating')
          throw Object.assign(new Error('in use'), { name: 'ResourceInUseException' });
        updates.push({ BatchSize: command.input.BatchSize, Enabled: command.input.Enabled });
        mapping.BatchSize = command.input.BatchSize ?? mapping.BatchSize;
        mapping.State = command.input.Enabled === false ? 'Disabled' : 'Enabled';
        return {};
      }
      throw new Error('unexpected command');
    }) as LambdaSender['send'],
  };
  return { lambda, updates, lists: () => lists };
};

describe('MappingControl', () => {
  it('updates the mapping only when the decision differs, and finds its UUID once', async () => {
    const { lambda, updates, lists } = fakeLambda({ BatchSize: 10, State: 'Enabled' });
    const control = new MappingControl(lambda, 'kes-ingestion-acme-dev-ventilator');
    expect(await control.apply({ batchSize: 10, enabled: true, reason: 'same' })).toEqual({
      action: 'unchanged',
      batchSize: 10,
      enabled: true,
    });
    expect(await control.apply({ batchSize: 5, enabled: true, reason: 'errors' })).toMatchObject({
      action: 'updated',
    });
    expect(await control.apply({ batchSize: 1, enabled: false, reason: 'open' })).toMatchObject({
      action: 'updated',
    });
    expect(updates).toEqual([
      { BatchSize: 5, Enabled: true },
      { BatchSize: 1, Enabled: false },
    ]);
    expect(lists()).toBe(1);
  });

  it('leaves a busy mapping for the next turn', async () => {
    const { lambda, updates } = fakeLambda({ BatchSize: 10, State: 'Updating' });
    const control = new MappingControl(lambda, 'kes-ingestion-acme-dev-ventilator');
    expect(await control.apply({ batchSize: 5, enabled: true, reason: 'x' })).toEqual({
      action: 'busy',
      state: 'Updating',
    });
    expect(updates).toEqual([]);
  });
});

describe('runControl', () => {
  const config = {
    provider: 'acme',
    controller: 'article',
    params: PARAMS,
    maxAttempts: 3,
    workerTimeoutMs: 1_000,
  };

  it('persists the state and lowers, then disables, then re-enables at 1 on the tick (article controller)', async () => {
    const { lambda, updates } = fakeLambda({ BatchSize: 10, State: 'Enabled' });
    let stored: unknown;
    let version = 0;
    let now = 0;
    const ports = {
      config,
      state: {
        read: async () => ({ state: stored, version }),
        write: async (state: unknown) => {
          stored = state;
          return ++version;
        },
      },
      mapping: new MappingControl(lambda, 'kes-ingestion-acme-dev-ventilator'),
      now: () => now,
    };
    const failing = [{ outcome: 'error' as const, latencyMs: 10 }];
    const first = await runControl(ports, { kind: 'batch', observations: failing });
    expect(first).toMatchObject({ batchSize: 9, enabled: true, circuit: 'closed' });
    for (let i = 0; i < 8; i++) await runControl(ports, { kind: 'batch', observations: failing });
    const open = await runControl(ports, { kind: 'batch', observations: failing });
    expect(open).toMatchObject({ enabled: false, circuit: 'open' });
    expect(updates.at(-1)).toEqual({ BatchSize: 1, Enabled: false });
    now += 10 * 60_000;
    const probe = await runControl(ports, { kind: 'tick' });
    expect(probe).toMatchObject({ batchSize: 1, enabled: true, circuit: 'half-open' });
    expect(updates.at(-1)).toEqual({ BatchSize: 1, Enabled: true });
    expect((stored as { controller: string }).controller).toBe('article');
  });
});
