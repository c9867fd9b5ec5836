import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { createMapperHandler } from '@kes/esm-mapper';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { EventSourceMappingEngine } from '../../src/esm/EventSourceMappingEngine';
import { LambdaInvoker } from '../../src/esm/LambdaInvoker';
import { ControlPlaneThrottle } from '../../src/lambda/ControlPlaneThrottle';
import { EventSourceMappingService } from '../../src/lambda/EventSourceMappingService';
import { eventSourceExists } from '../../src/lambda/eventSourceExists';
import { LambdaApiServer } from '../../src/lambda/LambdaApiServer';
import { MappingStateFile } from '../../src/lambda/MappingStateFile';
import type { LocalFunction } from '../../src/lambda/types';
import { type CustomResourceDefinition, CustomResources } from '../../src/provision/CustomResources';
import { type FunctionEndpoint, startFunctionEndpoint } from '../../src/testing/functionEndpoint';
import { startEmulators, type TestEmulators } from '../../src/testing/startEmulators';
import { createStream } from '../helpers/kinesisStreams';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const MAPPER = 'kes-test-local-esmMapper';
const arnOf = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const SINKS = Array.from({ length: 16 }, (_, i) => `kes-test-local-sink${String(i).padStart(2, '0')}`);
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

let emulators: TestEmulators;
let clients: AwsClients;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: true });
  clients = createAwsClients(emulators.env);
});

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  removeTempDirs();
});

afterAll(() => emulators?.stop());

interface Cloud {
  service: EventSourceMappingService;
  engine: EventSourceMappingEngine;
  throttle: ControlPlaneThrottle;
  runner: CustomResources;
  endpoint: FunctionEndpoint;
  refusals: () => number;
}

/**
 * What LocalCloud wires: the real @kes/esm-mapper handler behind a function endpoint, the local Lambda
 * API with AWS's throttling, the engine on the Kinesis emulator, and CustomResources that invokes the
 * handler with a local ResponseURL.
 */
const startCloud = async (stateDir: string): Promise<Cloud> => {
  const functions: LocalFunction[] = [MAPPER, ...SINKS].map((name) => ({
    functionName: name,
    arn: arnOf(name),
  }));
  let refused = 0;
  const endpoint = await startFunctionEndpoint(Object.fromEntries(SINKS.map((name) => [name, () => null])));
  // As CloudFormation does, all 16 handler invocations at once (one execution environment each).
  const invoker = new LambdaInvoker(() => endpoint.endpoint, { concurrencyPerFunction: 16 });
  const checkpointDir = tempDir();
  const engine = new EventSourceMappingEngine({
    kinesis: clients.kinesis,
    dynamodbStreams: clients.dynamodbStreams,
    invoker,
    checkpointDir,
    pollIntervalMs: 200,
    shardDiscoveryMs: 60_000,
  });
  // Decision 0009's model, with a per-stream burst smaller than its default (10) so that throttling does
  // not depend on how fast this machine issues 16 requests: they can never all pass the first time.
  const throttle = new ControlPlaneThrottle({ perStream: { burst: 4, perSecond: 2 } });
  const admit = throttle.admit.bind(throttle);
  throttle.admit = (action, streamArn) => {
    try {
      admit(action, streamArn);
    } catch (error) {
      refused += 1;
      throw error;
    }
  };
  const service = new EventSourceMappingService({
    engine,
    functions: () => functions,
    sourceExists: eventSourceExists(clients),
    transitionMs: 100,
    throttle,
    checkpointDir,
    // Mappings created through the API survive a restart, as in LocalCloud.
    stateFile: new MappingStateFile(join(stateDir, 'api-mappings.json')),
  });
  await service.restore();
  const api = new LambdaApiServer({
    port: 0,
    mappings: service,
    functions: () => functions,
    invoke: (name, payload) => invoker.invoke(name, payload),
  });
  await api.start();
  const lambda = new LambdaClient({
    region: 'us-east-1',
    endpoint: api.url,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const mapper = createMapperHandler({ lambda: () => lambda, logger: silent, stabilizePollMs: 50 });
  endpoint.setHandler(MAPPER, (event) =>
    mapper(event as CloudFormationCustomResourceEvent, { getRemainingTimeInMillis: () => 120_000 }),
  );
  const runner = await CustomResources.start({
    stateFile: join(stateDir, 'custom-resources.json'),
    invoke: (name, event) => invoker.invoke(name, event),
    timeoutMsOf: () => 150_000,
    log: () => undefined,
  });
  stops.push(async () => {
    await runner.stop();
    lambda.destroy();
    await api.stop();
    service.stop();
    await service.idle();
    await engine.stop();
    await endpoint.stop();
  });
  return { service, engine, throttle, runner, endpoint, refusals: () => refused };
};

const mappingResource = (
  streamArn: string,
  sink: string,
  properties: Record<string, unknown> = {},
): CustomResourceDefinition => ({
  stackName: 'kes-test-local',
  logicalId: `${sink.split('-').at(-1)}Mapping`,
  type: 'Custom::EventSourceMapping',
  serviceToken: arnOf(MAPPER),
  // As CloudFormation sends them: strings.
  properties: {
    ServiceToken: arnOf(MAPPER),
    FunctionName: sink,
    EventSourceArn: streamArn,
    StartingPosition: 'TRIM_HORIZON',
    BatchSize: '100',
    ...properties,
  },
});

describe('CustomResources with the esm-mapper handler against the local Lambda API', () => {
  it('creates 16 mappings on one stream at once, all of them, although the control plane throttles', async () => {
    const stream = await createStream(clients.kinesis, 'custom-resources-16');
    const cloud = await startCloud(tempDir());

    await cloud.runner.apply(SINKS.map((sink) => mappingResource(stream, sink)));

    expect(cloud.refusals()).toBeGreaterThan(0);
    const running = cloud.engine.stats().filter((mapping) => mapping.eventSourceArn === stream);
    expect(running.map((mapping) => mapping.functionName).sort()).toEqual(SINKS);
    expect(running.every((mapping) => mapping.state === 'Enabled')).toBe(true);
  }, 150_000);

  it('on the next start, leaves unchanged resources alone, updates changed ones and deletes removed ones', async () => {
    const stream = await createStream(clients.kinesis, 'custom-resources-restart');
    const dir = tempDir();
    const [first, second, third] = SINKS as [string, string, string];
    const before = await startCloud(dir);
    await before.runner.apply([first, second, third].map((sink) => mappingResource(stream, sink)));
    const uuidsBefore = new Map(before.engine.stats().map((mapping) => [mapping.functionName, mapping.uuid]));
    for (const stop of stops.splice(0).reverse()) await stop();

    const after = await startCloud(dir);
    await after.runner.apply([
      mappingResource(stream, first),
      mappingResource(stream, second, { BatchSize: '7' }),
    ]);

    const figures = new Map(after.engine.stats().map((mapping) => [mapping.functionName, mapping]));
    expect(figures.get(first)?.uuid).toBe(uuidsBefore.get(first));
    expect(figures.get(first)?.batchSize).toBe(100);
    expect(figures.get(second)?.uuid).toBe(uuidsBefore.get(second));
    expect(figures.get(second)?.batchSize).toBe(7);
    expect(figures.has(third)).toBe(false);
    const state = JSON.parse(readFileSync(join(dir, 'custom-resources.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(state).sort()).toEqual([
      'kes-test-local/sink00Mapping',
      'kes-test-local/sink01Mapping',
    ]);
  }, 150_000);

  it('fails with the handler reason when a resource cannot be created', async () => {
    const cloud = await startCloud(tempDir());
    const missing = 'arn:aws:kinesis:us-east-1:000000000000:stream/no-such-stream';

    await expect(cloud.runner.apply([mappingResource(missing, SINKS[0] as string)])).rejects.toThrow(
      /Create of Custom::EventSourceMapping sink00Mapping failed: .*Stream not found/,
    );
  }, 150_000);
});
