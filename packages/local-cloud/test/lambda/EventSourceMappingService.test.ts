import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlPlaneThrottle } from '../../src/lambda/ControlPlaneThrottle';
import {
  EventSourceMappingService,
  type EventSourceMappingServiceOptions,
} from '../../src/lambda/EventSourceMappingService';
import { isLambdaApiError, type LambdaErrorCode } from '../../src/lambda/errors';
import { MappingStateFile } from '../../src/lambda/MappingStateFile';
import type { CreateMappingRequest } from '../../src/lambda/types';
import { FakeClock } from '../helpers/FakeClock';
import { FakeMappingEngine } from '../helpers/FakeMappingEngine';
import { FakeScheduler } from '../helpers/FakeScheduler';
import { mappingDefinition } from '../helpers/mappingDefinitions';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const STREAM = 'arn:aws:kinesis:us-east-1:000000000000:stream/posts';
const OTHER_STREAM = 'arn:aws:kinesis:us-east-1:000000000000:stream/claps';
const FUNCTIONS = [
  { functionName: 'projector', arn: 'arn:aws:lambda:us-east-1:000000000000:function:projector' },
  { functionName: 'auditor', arn: 'arn:aws:lambda:us-east-1:000000000000:function:auditor' },
];

let engine: FakeMappingEngine;
let scheduler: FakeScheduler;
let clock: FakeClock;

beforeEach(() => {
  engine = new FakeMappingEngine();
  scheduler = new FakeScheduler();
  clock = new FakeClock(1_700_000_000_000);
});

afterEach(() => removeTempDirs());

const service = (options: Partial<EventSourceMappingServiceOptions> = {}) =>
  new EventSourceMappingService({
    engine,
    functions: () => FUNCTIONS,
    sourceExists: async (arn) => arn === STREAM || arn === OTHER_STREAM,
    transitionMs: 500,
    schedule: scheduler.schedule,
    now: clock.now,
    ...options,
  });

const request = (fields: Partial<CreateMappingRequest> = {}): CreateMappingRequest => ({
  FunctionName: 'projector',
  EventSourceArn: STREAM,
  StartingPosition: 'TRIM_HORIZON',
  ...fields,
});

/** Runs the scheduled transitions and waits for them to finish. */
const settle = async (mappings: EventSourceMappingService) => {
  scheduler.runAll();
  await mappings.idle();
};

const errorOf = async (run: () => unknown): Promise<{ code: LambdaErrorCode; message: string }> => {
  try {
    await run();
  } catch (error) {
    if (isLambdaApiError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a Lambda API error');
};

describe('EventSourceMappingService', () => {
  it('answers Create with Creating, and runs the mapping on the engine once the transition ends', async () => {
    const mappings = service();

    const created = await mappings.create(request({ BatchSize: 7 }));

    expect(created).toMatchObject({
      State: 'Creating',
      StateTransitionReason: 'USER_INITIATED',
      BatchSize: 7,
      FunctionArn: FUNCTIONS[0]?.arn,
      EventSourceArn: STREAM,
      LastModified: 1_700_000_000,
      LastProcessingResult: 'No records processed',
    });
    expect(engine.running.size).toBe(0);
    expect(scheduler.pending).toEqual([500]);

    await settle(mappings);

    expect(mappings.get(created.UUID).State).toBe('Enabled');
    expect(engine.running.get(created.UUID)).toMatchObject({ batchSize: 7, functionName: 'projector' });
  });

  it('ends a creation with Enabled false in Disabled', async () => {
    const mappings = service();
    const created = await mappings.create(request({ Enabled: false }));
    await settle(mappings);
    expect(mappings.get(created.UUID).State).toBe('Disabled');
    expect(engine.running.get(created.UUID)?.enabled).toBe(false);
  });

  it('goes through Updating, Disabling and Enabling, and hands the new settings to the running mapping', async () => {
    const mappings = service();
    const { UUID } = await mappings.create(request());
    await settle(mappings);

    expect(mappings.update(UUID, { BatchSize: 3 })).toMatchObject({ State: 'Updating', BatchSize: 3 });
    await settle(mappings);
    expect(engine.running.get(UUID)?.batchSize).toBe(3);

    expect(mappings.update(UUID, { Enabled: false }).State).toBe('Disabling');
    await settle(mappings);
    expect(mappings.get(UUID).State).toBe('Disabled');
    expect(engine.running.get(UUID)?.enabled).toBe(false);

    expect(mappings.update(UUID, { Enabled: true }).State).toBe('Enabling');
    await settle(mappings);
    expect(mappings.get(UUID).State).toBe('Enabled');
    expect(engine.calls.filter((call) => call.startsWith('update'))).toHaveLength(3);
  });

  it('refuses Update and Delete while an operation is in progress (ResourceInUseException)', async () => {
    const mappings = service();
    const { UUID } = await mappings.create(request());

    expect(await errorOf(() => mappings.update(UUID, { BatchSize: 5 }))).toEqual({
      code: 'ResourceInUseException',
      message: 'Cannot update the event source mapping because it is in use.',
    });
    expect((await errorOf(() => mappings.delete(UUID))).code).toBe('ResourceInUseException');
    await settle(mappings);
    mappings.update(UUID, { BatchSize: 5 });
    expect((await errorOf(() => mappings.delete(UUID))).code).toBe('ResourceInUseException');
  });

  it('answers Delete with Deleting, then forgets the mapping and its checkpoints', async () => {
    const checkpointDir = tempDir();
    const mappings = service({ checkpointDir });
    const { UUID } = await mappings.create(request());
    await settle(mappings);
    writeFileSync(join(checkpointDir, `${UUID}.json`), '{}');

    expect(mappings.delete(UUID).State).toBe('Deleting');
    expect(mappings.get(UUID).State).toBe('Deleting');
    await settle(mappings);

    expect(await errorOf(() => mappings.get(UUID))).toEqual({
      code: 'ResourceNotFoundException',
      message: 'The resource you requested does not exist.',
    });
    expect(engine.running.has(UUID)).toBe(false);
    expect(existsSync(join(checkpointDir, `${UUID}.json`))).toBe(false);
  });

  it('refuses a second mapping of the same function and stream, naming the existing one', async () => {
    const mappings = service();
    const { UUID } = await mappings.create(request());

    expect(await errorOf(() => mappings.create(request({ FunctionName: FUNCTIONS[0]?.arn })))).toEqual({
      code: 'ResourceConflictException',
      message: `The event source arn (" ${STREAM} ") and function (" projector ") provided mapping already exists. Please update or delete the existing mapping with UUID ${UUID}`,
    });
    await expect(mappings.create(request({ FunctionName: 'auditor' }))).resolves.toBeDefined();
    await expect(mappings.create(request({ EventSourceArn: OTHER_STREAM }))).resolves.toBeDefined();
  });

  it('lets only one of two simultaneous identical creates through', async () => {
    const mappings = service();
    const results = await Promise.allSettled([mappings.create(request()), mappings.create(request())]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('rejects an unknown function or stream with InvalidParameterValueException', async () => {
    const mappings = service();
    expect(await errorOf(() => mappings.create(request({ FunctionName: 'missing' })))).toEqual({
      code: 'InvalidParameterValueException',
      message: 'Function does not exist',
    });
    const gone = 'arn:aws:kinesis:us-east-1:000000000000:stream/gone';
    expect(await errorOf(() => mappings.create(request({ EventSourceArn: gone })))).toEqual({
      code: 'InvalidParameterValueException',
      message: `Stream not found: ${gone}`,
    });
    const { UUID } = await mappings.create(request());
    await settle(mappings);
    expect((await errorOf(() => mappings.update(UUID, { FunctionName: 'missing' }))).message).toBe(
      'Function does not exist',
    );
  });

  it('answers ResourceNotFoundException for an unknown UUID', async () => {
    const mappings = service();
    for (const operation of [
      () => mappings.get('nope'),
      () => mappings.update('nope', {}),
      () => mappings.delete('nope'),
    ]) {
      expect((await errorOf(operation)).code).toBe('ResourceNotFoundException');
    }
  });

  it('lists in creation order, filtered by stream or function, 100 at most a page', async () => {
    const mappings = service();
    await mappings.register(mappingDefinition({ functionName: 'projector', eventSourceArn: OTHER_STREAM }));
    const a = await mappings.create(request());
    const b = await mappings.create(request({ FunctionName: 'auditor' }));

    expect(mappings.list().EventSourceMappings.map((m) => m.FunctionArn)).toEqual([
      FUNCTIONS[0]?.arn,
      FUNCTIONS[0]?.arn,
      FUNCTIONS[1]?.arn,
    ]);
    expect(mappings.list({ eventSourceArn: STREAM }).EventSourceMappings.map((m) => m.UUID)).toEqual([
      a.UUID,
      b.UUID,
    ]);
    expect(mappings.list({ functionName: FUNCTIONS[1]?.arn }).EventSourceMappings.map((m) => m.UUID)).toEqual(
      [b.UUID],
    );
    expect(mappings.list({ functionName: 'missing' }).EventSourceMappings).toEqual([]);

    const first = mappings.list({ maxItems: 2 });
    expect(first.EventSourceMappings).toHaveLength(2);
    const second = mappings.list({ maxItems: 2, marker: first.NextMarker });
    expect(second.EventSourceMappings.map((m) => m.UUID)).toEqual([b.UUID]);
    expect(second.NextMarker).toBeUndefined();
    expect((await errorOf(() => mappings.list({ marker: 'garbage' }))).code).toBe(
      'InvalidParameterValueException',
    );
    expect((await errorOf(() => mappings.list({ maxItems: 0 }))).code).toBe('InvalidParameterValueException');
  });

  it('registers template mappings as running, and a mapping the engine cannot run as Disabled with the problem', async () => {
    const mappings = service();
    const ok = mappingDefinition({ functionName: 'projector', eventSourceArn: STREAM });
    await mappings.register(ok);
    engine.failAdd = 'Stream not found';
    const broken = mappingDefinition({ functionName: 'auditor', eventSourceArn: STREAM });
    await mappings.register(broken);

    expect(mappings.get(ok.uuid).State).toBe('Enabled');
    expect(mappings.get(broken.uuid)).toMatchObject({
      State: 'Disabled',
      LastProcessingResult: 'PROBLEM: Stream not found',
    });
  });

  it('keeps API mappings (not template ones) in the state file and restores them on start', async () => {
    const stateFile = new MappingStateFile(join(tempDir(), 'state', 'api-mappings.json'));
    const before = service({ stateFile });
    await before.register(mappingDefinition({ functionName: 'auditor', eventSourceArn: OTHER_STREAM }));
    const kept = await before.create(request({ BatchSize: 9 }));
    const deleted = await before.create(request({ FunctionName: 'auditor' }));
    await settle(before);
    before.update(kept.UUID, { Enabled: false });
    before.delete(deleted.UUID);
    await settle(before);

    engine = new FakeMappingEngine();
    const after = service({ stateFile });
    await after.restore();

    expect(after.list().EventSourceMappings).toEqual([
      expect.objectContaining({ UUID: kept.UUID, State: 'Disabled', BatchSize: 9 }),
    ]);
    expect(engine.running.get(kept.UUID)?.enabled).toBe(false);
  });

  it('throttles Create per stream and the other operations per action', async () => {
    const mappings = service({
      throttle: new ControlPlaneThrottle({
        now: clock.now,
        perStream: { burst: 1, perSecond: 1 },
        perAction: { burst: 2, perSecond: 1 },
      }),
    });
    const { UUID } = await mappings.create(request());
    expect((await errorOf(() => mappings.create(request({ FunctionName: 'auditor' })))).code).toBe(
      'TooManyRequestsException',
    );
    mappings.get(UUID);
    mappings.get(UUID);
    expect((await errorOf(() => mappings.get(UUID))).code).toBe('TooManyRequestsException');
  });
});
