import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateEventSourceMappingCommand,
  type CreateEventSourceMappingCommandInput,
  DeleteEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  GetEventSourceMappingCommand,
  InvalidParameterValueException,
  InvokeCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  paginateListEventSourceMappings,
  ResourceConflictException,
  ResourceInUseException,
  ResourceNotFoundException,
  ServiceException,
  TooManyRequestsException,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { EventSourceMappingEngine } from '../../src/esm/EventSourceMappingEngine';
import { LambdaInvoker } from '../../src/esm/LambdaInvoker';
import { ControlPlaneThrottle } from '../../src/lambda/ControlPlaneThrottle';
import { EventSourceMappingService } from '../../src/lambda/EventSourceMappingService';
import { eventSourceExists } from '../../src/lambda/eventSourceExists';
import { LambdaApiServer } from '../../src/lambda/LambdaApiServer';
import { MappingStateFile } from '../../src/lambda/MappingStateFile';
import type { LocalFunction } from '../../src/lambda/types';
import { startEmulators, type TestEmulators } from '../../src/testing/startEmulators';
import { freePort, LOOPBACK } from '../../src/util/net';
import { eventually } from '../helpers/eventually';
import { type FakeLambdaEndpoint, startFakeLambdaEndpoint } from '../helpers/fakeLambdaEndpoint';
import { createStream, putRecordsAtOnce } from '../helpers/kinesisStreams';
import { dataOf, type KinesisEventRecord, recordsOf } from '../helpers/lambdaEvents';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const CONSUMER = 'kes-test-local-consumer';
const AUDITOR = 'kes-test-local-auditor';
/** A function whose runtime is down: its invocations cannot reach it. */
const UNREACHABLE = 'kes-test-local-unreachable';
const arnOf = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const fn = (name: string): LocalFunction => ({ functionName: name, arn: arnOf(name) });
const POLL_INTERVAL_MS = 50;
const TRANSITION_MS = 150;
const GENEROUS = {
  perAction: { burst: 10_000, perSecond: 10_000 },
  perStream: { burst: 10_000, perSecond: 10_000 },
};

let emulators: TestEmulators;
let clients: AwsClients;
let lambda: FakeLambdaEndpoint;
let deadPort: number;
const stops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: true });
  clients = createAwsClients(emulators.env);
  deadPort = await freePort();
});

beforeEach(async () => {
  lambda = await startFakeLambdaEndpoint({
    [CONSUMER]: () => null,
    [AUDITOR]: () => null,
  });
});

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await lambda.stop();
  removeTempDirs();
});

afterAll(() => emulators?.stop());

interface Api {
  client: LambdaClient;
  url: string;
  service: EventSourceMappingService;
  engine: EventSourceMappingEngine;
}

/** The local Lambda API over a real engine, the Kinesis emulator and the fake function endpoint. */
const startApi = async (
  options: {
    functions?: LocalFunction[];
    throttle?: ConstructorParameters<typeof ControlPlaneThrottle>[0];
    maxAttempts?: number;
    stateFile?: string;
    checkpointDir?: string;
  } = {},
): Promise<Api> => {
  const functions = options.functions ?? [fn(CONSUMER), fn(AUDITOR), fn(UNREACHABLE)];
  const invoker = new LambdaInvoker((name) =>
    name === UNREACHABLE ? `http://${LOOPBACK}:${deadPort}` : lambda.endpoint,
  );
  const checkpointDir = options.checkpointDir ?? tempDir();
  const engine = new EventSourceMappingEngine({
    kinesis: clients.kinesis,
    dynamodbStreams: clients.dynamodbStreams,
    invoker,
    checkpointDir,
    pollIntervalMs: POLL_INTERVAL_MS,
    shardDiscoveryMs: 60_000,
  });
  const service = new EventSourceMappingService({
    engine,
    functions: () => functions,
    sourceExists: eventSourceExists(clients),
    transitionMs: TRANSITION_MS,
    throttle: new ControlPlaneThrottle(options.throttle ?? GENEROUS),
    checkpointDir,
    ...(options.stateFile ? { stateFile: new MappingStateFile(options.stateFile) } : {}),
  });
  await service.restore();
  const server = new LambdaApiServer({
    port: 0,
    mappings: service,
    functions: () => functions,
    invoke: (name, payload) => invoker.invoke(name, payload),
  });
  await server.start();
  const client = new LambdaClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    maxAttempts: options.maxAttempts ?? 1,
  });
  stops.push(async () => {
    client.destroy();
    await server.stop();
    service.stop();
    await service.idle();
    await engine.stop();
  });
  return { client, url: server.url, service, engine };
};

const createMapping = (client: LambdaClient, input: Partial<CreateEventSourceMappingCommandInput>) =>
  client.send(
    new CreateEventSourceMappingCommand({
      FunctionName: CONSUMER,
      StartingPosition: 'TRIM_HORIZON',
      ...input,
    } as CreateEventSourceMappingCommandInput),
  );

/** Polls GetEventSourceMapping until the mapping is in `state`. */
const waitForState = (client: LambdaClient, uuid: string, state: string) =>
  eventually(`mapping ${uuid} ${state}`, async () => {
    const mapping = await client.send(new GetEventSourceMappingCommand({ UUID: uuid }));
    return mapping.State === state ? mapping : undefined;
  });

/** What `run` rejects with. */
const rejectionOf = async (
  run: () => Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> => {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
};

const records = (count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => ({ partitionKey: 'post-1', data: { n: from + index } }));

const batches = (): number[][] =>
  lambda
    .events(CONSUMER)
    .map((event) => recordsOf<KinesisEventRecord>([event]).map((r) => (dataOf(r) as { n: number }).n));

describe('the local Lambda API with @aws-sdk/client-lambda', () => {
  it('creates a mapping that is Creating first, then Enabled, and delivers the stream to the function', async () => {
    const { client } = await startApi();
    const streamArn = await createStream(clients.kinesis, 'api-create', 1);
    await putRecordsAtOnce(clients.kinesis, 'api-create', records(3));

    const created = await createMapping(client, { EventSourceArn: streamArn, BatchSize: 10 });

    expect(created.$metadata.httpStatusCode).toBe(202);
    expect(created).toMatchObject({
      UUID: expect.stringMatching(/^[0-9a-f-]{36}$/),
      State: 'Creating',
      StateTransitionReason: 'USER_INITIATED',
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 0,
      ParallelizationFactor: 1,
      StartingPosition: 'TRIM_HORIZON',
      EventSourceArn: streamArn,
      FunctionArn: arnOf(CONSUMER),
      MaximumRecordAgeInSeconds: -1,
      MaximumRetryAttempts: -1,
      BisectBatchOnFunctionError: false,
      TumblingWindowInSeconds: 0,
      FunctionResponseTypes: [],
      DestinationConfig: { OnFailure: {} },
      LastProcessingResult: 'No records processed',
    });
    expect(created.LastModified).toBeInstanceOf(Date);
    expect(Math.abs((created.LastModified?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

    await waitForState(client, created.UUID ?? '', 'Enabled');
    await eventually('the records', () => batches().flat().length >= 3);
    expect(batches()).toEqual([[0, 1, 2]]);
    const mapping = await client.send(new GetEventSourceMappingCommand({ UUID: created.UUID }));
    expect(mapping.LastProcessingResult).toBe('OK');
  });

  it("applies an UpdateEventSourceMapping of BatchSize to the running poller's next batch", async () => {
    const { client } = await startApi();
    const streamArn = await createStream(clients.kinesis, 'api-batch-size', 1);
    const { UUID } = await createMapping(client, { EventSourceArn: streamArn, BatchSize: 2 });
    await waitForState(client, UUID ?? '', 'Enabled');
    await putRecordsAtOnce(clients.kinesis, 'api-batch-size', records(4));
    await eventually('two batches of 2', () => batches().flat().length >= 4);
    expect(batches()).toEqual([
      [0, 1],
      [2, 3],
    ]);

    const updated = await client.send(new UpdateEventSourceMappingCommand({ UUID, BatchSize: 5 }));
    expect(updated).toMatchObject({ State: 'Updating', BatchSize: 5 });
    expect(updated.$metadata.httpStatusCode).toBe(202);
    await waitForState(client, UUID ?? '', 'Enabled');
    await putRecordsAtOnce(clients.kinesis, 'api-batch-size', records(7, 4));
    await eventually('the 7 new records', () => batches().flat().length >= 11);

    // kinesalite stores a PutRecords call record by record, so a poll may land in the middle of it: the
    // split of the 7 records varies, but no batch exceeds the new size, one exceeds the old, and none is lost.
    const after = batches().slice(2);
    expect(after.flat()).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(Math.max(...after.map((batch) => batch.length))).toBeGreaterThan(2);
    expect(after.every((batch) => batch.length <= 5)).toBe(true);
  });

  it('disables a mapping (no deliveries) and enables it again (deliveries resume where they stopped)', async () => {
    const { client } = await startApi();
    const streamArn = await createStream(clients.kinesis, 'api-disable', 1);
    const { UUID } = await createMapping(client, { EventSourceArn: streamArn });
    await waitForState(client, UUID ?? '', 'Enabled');

    const disabling = await client.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false }));
    expect(disabling.State).toBe('Disabling');
    await waitForState(client, UUID ?? '', 'Disabled');
    await putRecordsAtOnce(clients.kinesis, 'api-disable', records(3));
    await sleep(10 * POLL_INTERVAL_MS);
    expect(batches()).toEqual([]);

    const enabling = await client.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: true }));
    expect(enabling.State).toBe('Enabling');
    await waitForState(client, UUID ?? '', 'Enabled');
    await eventually('the records put while disabled', () => batches().flat().length >= 3);
    expect(batches().flat()).toEqual([0, 1, 2]);
  });

  it('deletes a mapping: Deleting, then gone (ResourceNotFoundException) and no longer polling', async () => {
    const { client, engine } = await startApi();
    const streamArn = await createStream(clients.kinesis, 'api-delete', 1);
    const { UUID } = await createMapping(client, { EventSourceArn: streamArn });
    await waitForState(client, UUID ?? '', 'Enabled');

    const deleting = await client.send(new DeleteEventSourceMappingCommand({ UUID }));

    expect(deleting.State).toBe('Deleting');
    expect(deleting.$metadata.httpStatusCode).toBe(202);
    const gone = await eventually('the mapping to go', () =>
      client.send(new GetEventSourceMappingCommand({ UUID })).then(
        () => undefined,
        (error: Error) => error,
      ),
    );
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(gone.message).toBe('The resource you requested does not exist.');
    expect((gone as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect(engine.get(UUID ?? '')).toBeUndefined();
  });

  it('answers each error as the modeled exception class of the SDK', async () => {
    const { client } = await startApi({
      throttle: { ...GENEROUS, perAction: { burst: 3, perSecond: 0.01 } },
    });
    const streamArn = await createStream(clients.kinesis, 'api-errors', 1);

    const invalid = await rejectionOf(() =>
      createMapping(client, { EventSourceArn: streamArn, BatchSize: 0 }),
    );
    expect(invalid).toBeInstanceOf(InvalidParameterValueException);
    expect(invalid.message).toContain("Value '0' at 'batchSize' failed to satisfy constraint");
    expect(invalid.$metadata?.httpStatusCode).toBe(400);
    const noStream = await rejectionOf(() =>
      createMapping(client, { EventSourceArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/none' }),
    );
    expect(noStream).toBeInstanceOf(InvalidParameterValueException);
    expect(noStream.message).toBe('Stream not found: arn:aws:kinesis:us-east-1:000000000000:stream/none');

    const created = await createMapping(client, { EventSourceArn: streamArn });
    const inUse = await rejectionOf(() =>
      client.send(new UpdateEventSourceMappingCommand({ UUID: created.UUID, BatchSize: 1 })),
    );
    expect(inUse).toBeInstanceOf(ResourceInUseException);
    expect(inUse.message).toBe('Cannot update the event source mapping because it is in use.');

    const conflict = await rejectionOf(() => createMapping(client, { EventSourceArn: streamArn }));
    expect(conflict).toBeInstanceOf(ResourceConflictException);
    expect(conflict.$metadata?.httpStatusCode).toBe(409);
    expect(conflict.message).toContain(
      `Please update or delete the existing mapping with UUID ${created.UUID}`,
    );

    const notFound = await rejectionOf(() =>
      client.send(new GetEventSourceMappingCommand({ UUID: '00000000-0000-0000-0000-000000000000' })),
    );
    expect(notFound).toBeInstanceOf(ResourceNotFoundException);

    // The 4th create that passed validation: the action's bucket (3, barely refilling) is empty.
    const throttled = await rejectionOf(() =>
      createMapping(client, { EventSourceArn: streamArn, FunctionName: AUDITOR }),
    );
    expect(throttled).toBeInstanceOf(TooManyRequestsException);
    expect(throttled).toMatchObject({
      Reason: 'CallerRateLimitExceeded',
      retryAfterSeconds: expect.any(String),
    });
    expect(throttled.$metadata?.httpStatusCode).toBe(429);

    const service = await rejectionOf(() => client.send(new InvokeCommand({ FunctionName: UNREACHABLE })));
    expect(service).toBeInstanceOf(ServiceException);
    expect(service.$metadata?.httpStatusCode).toBe(500);
  });

  it('refuses several of 16 simultaneous creates on one stream, and all succeed when the client retries', async () => {
    const functions = Array.from({ length: 16 }, (_, index) => fn(`kes-test-local-fn-${index}`));
    const once = await startApi({ functions, throttle: {} });
    const firstStream = await createStream(clients.kinesis, 'api-burst-once', 1);

    const outcomes = await Promise.allSettled(
      functions.map((f) =>
        createMapping(once.client, { EventSourceArn: firstStream, FunctionName: f.functionName }),
      ),
    );

    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(refused.length).toBeLessThan(16);
    for (const outcome of refused) expect(outcome.reason).toBeInstanceOf(TooManyRequestsException);

    const retrying = await startApi({ functions, throttle: {}, maxAttempts: 10 });
    const secondStream = await createStream(clients.kinesis, 'api-burst-retry', 1);
    const created = await Promise.all(
      functions.map((f) =>
        createMapping(retrying.client, { EventSourceArn: secondStream, FunctionName: f.functionName }),
      ),
    );
    expect(new Set(created.map((mapping) => mapping.UUID)).size).toBe(16);
    const retried = created.filter((mapping) => (mapping.$metadata.attempts ?? 1) > 1);
    expect(retried.length).toBeGreaterThanOrEqual(3);
  });

  it('lists mappings by page (Marker, MaxItems) and filters by stream and by function name or ARN', async () => {
    const { client } = await startApi();
    const posts = await createStream(clients.kinesis, 'api-list-posts', 1);
    const claps = await createStream(clients.kinesis, 'api-list-claps', 1);
    const a = await createMapping(client, { EventSourceArn: posts });
    const b = await createMapping(client, { EventSourceArn: posts, FunctionName: AUDITOR });
    const c = await createMapping(client, { EventSourceArn: claps, FunctionName: arnOf(AUDITOR) });

    const first = await client.send(new ListEventSourceMappingsCommand({ MaxItems: 2 }));
    expect(first.EventSourceMappings?.map((m) => m.UUID)).toEqual([a.UUID, b.UUID]);
    expect(first.NextMarker).toEqual(expect.any(String));
    const second = await client.send(
      new ListEventSourceMappingsCommand({ MaxItems: 2, Marker: first.NextMarker }),
    );
    expect(second.EventSourceMappings?.map((m) => m.UUID)).toEqual([c.UUID]);
    expect(second.NextMarker).toBeUndefined();

    const all: EventSourceMappingConfiguration[] = [];
    for await (const page of paginateListEventSourceMappings({ client, pageSize: 1 }, {})) {
      all.push(...(page.EventSourceMappings ?? []));
    }
    expect(all.map((m) => m.UUID)).toEqual([a.UUID, b.UUID, c.UUID]);

    const onPosts = await client.send(new ListEventSourceMappingsCommand({ EventSourceArn: posts }));
    expect(onPosts.EventSourceMappings?.map((m) => m.UUID)).toEqual([a.UUID, b.UUID]);
    const ofAuditor = await client.send(new ListEventSourceMappingsCommand({ FunctionName: arnOf(AUDITOR) }));
    expect(ofAuditor.EventSourceMappings?.map((m) => m.UUID)).toEqual([b.UUID, c.UUID]);
    const both = await client.send(
      new ListEventSourceMappingsCommand({ FunctionName: AUDITOR, EventSourceArn: claps }),
    );
    expect(both.EventSourceMappings?.map((m) => m.UUID)).toEqual([c.UUID]);
  });

  it('keeps mappings created through the API across a restart, where they resume', async () => {
    const dir = tempDir();
    const state = { stateFile: join(dir, 'state', 'api-mappings.json'), checkpointDir: join(dir, 'esm') };
    const before = await startApi(state);
    const streamArn = await createStream(clients.kinesis, 'api-restart', 1);
    const { UUID } = await createMapping(before.client, { EventSourceArn: streamArn, BatchSize: 3 });
    await waitForState(before.client, UUID ?? '', 'Enabled');
    await putRecordsAtOnce(clients.kinesis, 'api-restart', records(2));
    await eventually('the first records', () => batches().flat().length >= 2);
    for (const stop of stops.splice(0).reverse()) await stop();

    await putRecordsAtOnce(clients.kinesis, 'api-restart', records(2, 2));
    const after = await startApi(state);

    const listed = await after.client.send(new ListEventSourceMappingsCommand({}));
    expect(listed.EventSourceMappings).toEqual([
      expect.objectContaining({ UUID, State: 'Enabled', BatchSize: 3 }),
    ]);
    await eventually('the records put while stopped', () => batches().flat().length >= 4);
    expect(batches().flat()).toEqual([0, 1, 2, 3]);
  });

  it('invokes functions by name or ARN: RequestResponse, Event, DryRun, function errors and unknown functions', async () => {
    const { client } = await startApi();
    lambda.setHandler(CONSUMER, (event) => ({ echo: event }));
    lambda.setHandler(AUDITOR, () => {
      throw new TypeError('bad input');
    });
    const payload = (value: unknown) => Buffer.from(JSON.stringify(value));
    const decode = (bytes: Uint8Array | undefined) => JSON.parse(Buffer.from(bytes ?? []).toString('utf8'));

    const sync = await client.send(new InvokeCommand({ FunctionName: CONSUMER, Payload: payload({ a: 1 }) }));
    expect(sync).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(sync.FunctionError).toBeUndefined();
    expect(decode(sync.Payload)).toEqual({ echo: { a: 1 } });

    const byArn = await client.send(
      new InvokeCommand({ FunctionName: arnOf(CONSUMER), Payload: payload(2) }),
    );
    expect(decode(byArn.Payload)).toEqual({ echo: 2 });

    const failed = await client.send(new InvokeCommand({ FunctionName: AUDITOR, Payload: payload({}) }));
    expect(failed).toMatchObject({ StatusCode: 200, FunctionError: 'Unhandled' });
    expect(decode(failed.Payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });

    const async = await client.send(
      new InvokeCommand({
        FunctionName: CONSUMER,
        InvocationType: 'Event',
        Payload: payload({ later: true }),
      }),
    );
    expect(async.StatusCode).toBe(202);
    await eventually('the Event invocation', () =>
      lambda.events(CONSUMER).some((e) => (e as { later?: boolean }).later),
    );

    const dry = await client.send(new InvokeCommand({ FunctionName: CONSUMER, InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    expect(lambda.events(CONSUMER)).toHaveLength(3);

    const unknown = await rejectionOf(() =>
      client.send(new InvokeCommand({ FunctionName: 'kes-test-local-nope' })),
    );
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    expect(unknown.message).toBe(`Function not found: ${arnOf('kes-test-local-nope')}`);
  });
});
