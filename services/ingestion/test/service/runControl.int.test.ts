import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { startEmulators, type TestEmulators } from '@kes/local-cloud';
import type { ControlDecision } from '../../src/controller/types';
import type { Applied } from '../../src/service/MappingControl';
import { type ControlPorts, runControl } from '../../src/service/runControl';
import { ControllerStateConflictError } from '../../src/store/ControllerStateConflictError';
import { TrackingStore } from '../../src/store/TrackingStore';
import { createTrackingTable } from '../helpers/localResources';
import { batch, PARAMS } from '../helpers/observations';

let emulators: TestEmulators;
let clients: AwsClients;
let tableSeq = 0;

beforeAll(async () => {
  emulators = await startEmulators({ dynamodb: true });
  clients = createAwsClients(emulators.env);
}, 60_000);
afterAll(() => emulators?.stop());

const freshTable = async (): Promise<{ table: string; store: TrackingStore }> => {
  const table = `kes-test-ingestion-control-${++tableSeq}`;
  await createTrackingTable(clients, table);
  return { table, store: new TrackingStore(clients.documents, { table, retentionDays: 7, maxAttempts: 3 }) };
};

/** The mapping as the ventilator sees it: the decisions that reached it, in order. */
const recordingMapping = () => {
  const applied: ControlDecision[] = [];
  return {
    applied,
    apply: async (decision: ControlDecision): Promise<Applied> => {
      applied.push(decision);
      return {
        action: 'updated',
        batchSize: decision.batchSize,
        enabled: decision.enabled,
        was: { batchSize: 0, enabled: true },
      };
    },
  };
};

const portsFor = (
  store: TrackingStore,
  controller: 'article' | 'adaptive',
  mapping: ReturnType<typeof recordingMapping>,
  read = () => store.readControllerState(),
): ControlPorts => ({
  config: { provider: 'acme', controller, params: PARAMS, maxAttempts: 3, workerTimeoutMs: 1_000 },
  state: { read, write: (state, now, version) => store.writeControllerState(state, now, version) },
  mapping,
  now: () => 1_000,
});

/** A read port that holds every turn's first read until `turns` turns have read: they all start from one version. */
const sameStartingPoint = (store: TrackingStore, turns: number) => {
  let arrived = 0;
  let release: () => void = () => undefined;
  const allRead = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    let first = true;
    return async () => {
      const read = await store.readControllerState();
      if (first) {
        first = false;
        if (++arrived === turns) release();
        await allRead;
      }
      return read;
    };
  };
};

describe('runControl against DynamoDB Local: several shards take turns at once', () => {
  it('two turns that read the same version with different observations: both are reflected', async () => {
    const { store } = await freshTable();
    const mapping = recordingMapping();
    const reader = sameStartingPoint(store, 2);

    const [errors, slow] = await Promise.all([
      // Errors at the threshold: window × 0.5…
      runControl(portsFor(store, 'adaptive', mapping, reader()), {
        kind: 'batch',
        observations: batch('ooooeeeeee'),
      }),
      // …and mostly slow calls: window × 0.75, on another shard at the same time.
      runControl(portsFor(store, 'adaptive', mapping, reader()), {
        kind: 'batch',
        observations: batch('oooossssss'),
      }),
    ]);

    const { state, version } = await store.readControllerState();
    // 10 × 0.5 × 0.75 in either order; the last writer alone would have left 5 or 7.5.
    expect(state).toMatchObject({ window: 3.75, batchSize: 3 });
    expect(version).toBe(2);
    expect([errors.conflicts, slow.conflicts].sort()).toEqual([0, 1]);
    expect(mapping.applied.at(-1)).toMatchObject({ batchSize: 3, enabled: true });
  });

  it('four concurrent failing batches step the article controller down four times, not once', async () => {
    const { store } = await freshTable();
    const mapping = recordingMapping();
    const failing = { kind: 'batch' as const, observations: batch('eeeee') };

    const turns = await Promise.all(
      Array.from({ length: 4 }, () => runControl(portsFor(store, 'article', mapping), failing)),
    );

    expect(await store.readControllerState()).toMatchObject({
      state: { controller: 'article', batchSize: 6, enabled: true },
      version: 4,
    });
    expect(turns.map((turn) => turn.batchSize).sort()).toEqual([6, 7, 8, 9]);
    expect(mapping.applied.at(-1)).toMatchObject({ batchSize: 6 });
  });

  it('gives up with ControllerStateConflictError when other turns win every attempt', async () => {
    const { store } = await freshTable();
    const mapping = recordingMapping();
    // Another turn writes between this turn's read and its write, every time.
    const racing = async () => {
      const read = await store.readControllerState();
      await store.writeControllerState(
        { controller: 'article', batchSize: 10, enabled: true, circuit: 'closed' },
        0,
        read.version,
      );
      return read;
    };

    await expect(
      runControl(portsFor(store, 'article', mapping, racing), { kind: 'tick' }, 3),
    ).rejects.toBeInstanceOf(ControllerStateConflictError);
    expect(mapping.applied).toEqual([]);
    expect((await store.readControllerState()).version).toBe(3);
  });

  it('takes over a state written before versions existed as version 0', async () => {
    const { table, store } = await freshTable();
    await clients.documents.send(
      new PutCommand({
        TableName: table,
        Item: {
          recordId: '#controller',
          day: '#state',
          state: { controller: 'article', batchSize: 4, enabled: true, circuit: 'closed' },
        },
      }),
    );

    const turn = await runControl(portsFor(store, 'article', recordingMapping()), {
      kind: 'batch',
      observations: batch('eeee'),
    });

    expect(turn).toMatchObject({ batchSize: 3, version: 1, conflicts: 0 });
    await expect(store.writeControllerState({}, 0, 0)).rejects.toBeInstanceOf(ControllerStateConflictError);
  });
});
