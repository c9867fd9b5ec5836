import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { ControlServer } from '../../src/control/ControlServer';
import { EventSourceMappingEngine } from '../../src/esm/EventSourceMappingEngine';
import { LambdaInvoker } from '../../src/esm/LambdaInvoker';
import { AsyncInvoker } from '../../src/events/AsyncInvoker';
import { EventScheduler } from '../../src/events/EventScheduler';
import { ScheduleAnchors } from '../../src/events/ScheduleAnchors';
import type { ScheduledEvent } from '../../src/events/scheduledEvent';
import { realTimers } from '../../src/events/timers';
import { generatedName } from '../../src/provision/physicalNames';
import { StackProvisioner } from '../../src/provision/StackProvisioner';
import type { Template } from '../../src/provision/types';
import { type FunctionEndpoint, startFunctionEndpoint } from '../../src/testing/functionEndpoint';
import { readWholeStream } from '../../src/testing/readWholeStream';
import { startEmulators, type TestEmulators } from '../../src/testing/startEmulators';
import { eventually } from '../helpers/eventually';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const STACK = 'kes-sched-local';
const TICK = `${STACK}-tick`;
const TICK_RULE = generatedName(STACK, 'TickEventsRuleSchedule1', 64);
const ENQUEUE_RULE = generatedName(STACK, 'EnqueueEventsRuleSchedule1', 64);

/**
 * The resources osls compiles from `events: - schedule: rate(1 minute)` (and a disabled schedule with an
 * input), copied from the ingestion service's packaged template, plus a stream the function writes to
 * (one per test).
 */
const template = (streamName: string): Template => ({
  Resources: {
    TickEventsRuleSchedule1: {
      Type: 'AWS::Events::Rule',
      Properties: {
        ScheduleExpression: 'rate(1 minute)',
        State: 'ENABLED',
        Targets: [{ Arn: { 'Fn::GetAtt': ['TickLambdaFunction', 'Arn'] }, Id: 'tickSchedule' }],
      },
    },
    TickLambdaPermissionEventsRuleSchedule1: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        FunctionName: { 'Fn::GetAtt': ['TickLambdaFunction', 'Arn'] },
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': ['TickEventsRuleSchedule1', 'Arn'] },
      },
    },
    EnqueueEventsRuleSchedule1: {
      Type: 'AWS::Events::Rule',
      Properties: {
        ScheduleExpression: 'cron(0 3 ? * MON-FRI *)',
        State: 'DISABLED',
        Targets: [
          { Input: '{"full":true}', Arn: { 'Fn::GetAtt': ['TickLambdaFunction', 'Arn'] }, Id: 'enqueue' },
        ],
      },
    },
    TickLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: TICK,
        Timeout: 30,
        Environment: { Variables: { TICKS_STREAM: { Ref: 'TicksStream' } } },
      },
    },
    TicksStream: { Type: 'AWS::Kinesis::Stream', Properties: { Name: streamName, ShardCount: 1 } },
  },
});

let emulators: TestEmulators;
let clients: AwsClients;
const stops: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: true });
  clients = createAwsClients(emulators.env);
});

afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  removeTempDirs();
});

afterAll(() => emulators?.stop());

/**
 * What LocalCloud wires: the template provisioned on the emulators, its function behind a Lambda endpoint
 * (the function writes each event it gets to the template's stream), the invoker, the scheduler on real
 * timers with its creation times in `stateDir`, and the control endpoint.
 */
const startCloud = async (stateDir: string, options: { clock: boolean }) => {
  const stack = await new StackProvisioner(clients, {
    apiEndpoint: 'http://127.0.0.1:0',
    notice: () => undefined,
  }).provision(STACK, template(`kes-sched-local-ticks-${Date.now().toString(36)}`), new Map());
  const stream = stack.functions[0]?.environment.TICKS_STREAM ?? '';
  const endpoint: FunctionEndpoint = await startFunctionEndpoint({
    [TICK]: async (event) => {
      await clients.kinesis.send(
        new PutRecordCommand({
          StreamName: stream,
          PartitionKey: 'tick',
          Data: Buffer.from(JSON.stringify(event)),
        }),
      );
      return { ticked: true };
    },
  });
  stops.push(() => endpoint.stop());
  const invoker = new LambdaInvoker(() => endpoint.endpoint);
  const scheduler = new EventScheduler({
    schedules: stack.schedules,
    invoker: new AsyncInvoker({
      invoke: (name, payload) => invoker.invoke(name, payload),
      timers: realTimers,
    }),
    account: '000000000000',
    region: 'us-east-1',
    anchors: new ScheduleAnchors(join(stateDir, 'schedules.json')),
  });
  if (options.clock) scheduler.start();
  stops.push(() => scheduler.stop());
  const engine = new EventSourceMappingEngine({
    kinesis: clients.kinesis,
    dynamodbStreams: clients.dynamodbStreams,
    invoker,
    checkpointDir: tempDir(),
  });
  const control = new ControlServer({
    port: 0,
    engine,
    kinesis: emulators.kinesis as NonNullable<TestEmulators['kinesis']>,
    schedules: scheduler,
    checkpointDir: tempDir(),
  });
  await control.start();
  stops.push(() => control.stop());
  const written = async () =>
    (await readWholeStream(clients.kinesis, stream)).map(
      (record) => JSON.parse(Buffer.from(record.Data as Uint8Array).toString('utf8')) as unknown,
    );
  return { stack, scheduler, endpoint, control, written, stream };
};

describe('EventScheduler with a packaged template (integration)', () => {
  it('invokes the rule’s function on the clock with the Scheduled Event, one period after the rule was created', async () => {
    const stateDir = tempDir();
    // The rule was created 59.5 s ago (a previous start of the local cloud): its first run is half a second away.
    const createdAt = Date.now() - 59_500;
    const ruleArn = `arn:aws:events:us-east-1:000000000000:rule/${TICK_RULE}`;
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(
      join(stateDir, 'schedules.json'),
      JSON.stringify({ schedules: { [ruleArn]: { expression: 'rate(1 minute)', createdAt } } }),
    );
    const cloud = await startCloud(stateDir, { clock: true });

    const [event] = (await eventually('the scheduled tick in the stream', async () => {
      const events = await cloud.written();
      return events.length > 0 && events;
    })) as ScheduledEvent[];

    expect(event).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      region: 'us-east-1',
      resources: [ruleArn],
      detail: {},
    });
    expect(Date.parse(event?.time ?? '')).toBe(Math.floor((createdAt + 60_000) / 1000) * 1000);
    // The disabled rule targets the same function with its Input: it never ran.
    expect(cloud.endpoint.events(TICK).some((payload) => (payload as { full?: boolean }).full)).toBe(false);
    expect(cloud.scheduler.list().find((s) => s.name === TICK_RULE)).toMatchObject({
      runs: 1,
      invocations: 1,
    });
  });

  it('runs a rule now through the control endpoint, even a disabled one, and lists the rules', async () => {
    const cloud = await startCloud(tempDir(), { clock: false });

    const response = await fetch(`${cloud.control.url}/schedules/${ENQUEUE_RULE}/run`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      event: {
        'detail-type': 'Scheduled Event',
        resources: [`arn:aws:events:us-east-1:000000000000:rule/${ENQUEUE_RULE}`],
      },
      targets: [{ id: 'enqueue', functionName: TICK, ok: true, payload: { ticked: true } }],
    });
    expect(await cloud.written()).toEqual([{ full: true }]);

    const listed = (await (await fetch(`${cloud.control.url}/schedules`)).json()) as Array<
      Record<string, unknown>
    >;
    expect(
      listed.map(({ name, expression, state, nextRunAt }) => ({ name, expression, state, nextRunAt })),
    ).toEqual([
      { name: TICK_RULE, expression: 'rate(1 minute)', state: 'ENABLED', nextRunAt: null },
      { name: ENQUEUE_RULE, expression: 'cron(0 3 ? * MON-FRI *)', state: 'DISABLED', nextRunAt: null },
    ]);
  });

  it('answers an unknown rule with a 404 that lists the rules', async () => {
    const cloud = await startCloud(tempDir(), { clock: false });
    const response = await fetch(`${cloud.control.url}/schedules/nope/run`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        code: 'ResourceNotFoundException',
        message: `No schedule nope (schedules: ${TICK_RULE}, ${ENQUEUE_RULE})`,
      },
    });
  });
});
