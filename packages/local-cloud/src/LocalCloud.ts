import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createAwsClients } from '@kes/aws-clients';
import { type DevTokenOptions, devSecret, signDevToken, verifyDevToken } from './auth/devTokens';
import { ControlServer } from './control/ControlServer';
import { DynamoDbLocal } from './dynamodb/DynamoDbLocal';
import { EventSourceMappingEngine } from './esm/EventSourceMappingEngine';
import { LambdaInvoker } from './esm/LambdaInvoker';
import { OnFailureDestination } from './esm/OnFailureDestination';
import { AsyncInvoker } from './events/AsyncInvoker';
import { EventScheduler } from './events/EventScheduler';
import { ScheduleAnchors } from './events/ScheduleAnchors';
import { realTimers } from './events/timers';
import { FirehoseEmulator } from './firehose/FirehoseEmulator';
import { HttpApiGateway } from './gateway/HttpApiGateway';
import type { KinesisFaults } from './kinesis/faults';
import { type KinesisFaultsInput, loadKinesisFaults, parseKinesisFaults } from './kinesis/faultsConfig';
import { KinesisEmulator } from './kinesis/KinesisEmulator';
import type { KinesisLimits } from './kinesis/limits/KinesisLimits';
import { ControlPlaneThrottle, type ControlPlaneThrottleOptions } from './lambda/ControlPlaneThrottle';
import { EventSourceMappingService } from './lambda/EventSourceMappingService';
import { eventSourceExists } from './lambda/eventSourceExists';
import { LambdaApiServer } from './lambda/LambdaApiServer';
import { MappingStateFile } from './lambda/MappingStateFile';
import { packageService } from './offline/packageService';
import { ServerlessOffline } from './offline/ServerlessOffline';
import { CustomResources } from './provision/CustomResources';
import type { AuthorizerDefinition } from './provision/definitions';
import { type ComposeService, paramArgs, readCompose } from './provision/readCompose';
import { type ProvisionedStack, StackProvisioner } from './provision/StackProvisioner';
import { selectServices } from './provision/selectServices';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, type Template } from './provision/types';
import { S3Emulator } from './s3/S3Emulator';
import { closeServer, freePort, LOOPBACK, reserveHttpPort } from './util/net';
import { oneAtATimePerFolder } from './util/oneAtATimePerFolder';

export interface LocalCloudOptions {
  /** The repository root (holds serverless-compose.yml and node_modules/.bin/serverless). */
  rootDir: string;
  /** Where data, checkpoints, logs and the development secret live; default `<rootDir>/.local-cloud`. */
  dataDir?: string;
  stage?: string;
  /** Port of the one base URL (the HTTP API); default 3000; 0 for any free port. */
  port?: number;
  /** Port of the local cloud's control endpoint (mappings, faults); default 4599; 0 for any free port. */
  controlPort?: number;
  /** Port of the local Lambda API (event-source mappings, Invoke); default any free port. */
  lambdaPort?: number;
  /** How long a mapping stays Creating, Updating, Enabling, Disabling or Deleting; default 1,000 ms. */
  mappingTransitionMs?: number;
  /** The Lambda API's control-plane rate limits (decision 0009); `false` turns them off. */
  lambdaThrottle?: ControlPlaneThrottleOptions | false;
  /** Fixed ports for the emulators; free ports when omitted. */
  emulatorPorts?: { kinesis?: number; dynamodb?: number; s3?: number };
  /** Wipe `dataDir` first. */
  fresh?: boolean;
  /** Keep Kinesis and DynamoDB data in memory (tmpfs) instead of `dataDir`: faster, gone on stop. */
  ephemeral?: boolean;
  /** Execution environments per function (concurrent invocations; more wait their turn); default 8. */
  functionConcurrency?: number;
  /** Idle poll interval of the event-source mappings (1 s as on AWS). */
  pollIntervalMs?: number;
  /**
   * AWS's Kinesis shard limits (1,000 records/s and 1 MiB/s written, 5 GetRecords/s and 2 MiB/s read per
   * shard): on by default; `false` turns them off; an object overrides some values.
   */
  kinesisLimits?: boolean | Partial<KinesisLimits>;
  /**
   * Kinesis fault injection from the start: settings, or the path of a JSON file holding them (outage
   * windows may be relative to the start: `{ "startsInMs": 30000, "durationMs": 10000 }`).
   */
  kinesisFaults?: KinesisFaultsInput | string;
  /**
   * Firehose delivery streams deliver at least this often, in seconds (tests: e.g. 1), instead of their
   * template's `BufferingHints.IntervalInSeconds`; the size hint still applies.
   */
  firehoseIntervalSeconds?: number;
  /**
   * Only these compose services (and what they depend on); by default all, except that of the entries
   * sharing a folder (one ingestion deployment per provider) only the first runs (see `allEntries`).
   */
  services?: string[];
  /**
   * Run the templates' schedules (scheduled EventBridge rules, EventBridge Scheduler schedules) on the
   * clock, as AWS does; default false, so tests, benchmarks and demos invoke scheduled functions only when
   * they mean to (`POST /schedules/{rule}/run` on the control endpoint, or `cloud.schedules.run`).
   * `npm start` turns them on (`--no-schedules` off).
   */
  schedules?: boolean;
  /** Run every entry of a shared folder too (each is one more serverless-offline process); default false. */
  allEntries?: boolean;
  /**
   * Params over those of serverless-compose.yml, per compose entry: e.g. a demo's shorter probe
   * intervals, `{ 'ingestion-acme': { probeInitialMs: '20000' } }`.
   */
  params?: Record<string, Record<string, string>>;
  /** Progress lines for the person waiting. */
  log?: (line: string) => void;
}

interface RunningService {
  service: ComposeService;
  stack: ProvisionedStack;
  offline: ServerlessOffline;
}

/**
 * The whole system on one machine: Kinesis, DynamoDB Local and S3 emulators, every service of
 * serverless-compose.yml packaged with `serverless package` and provisioned from its CloudFormation
 * template, its functions run by serverless-offline, event-source mappings run by the local ESM engine,
 * its schedules by the EventScheduler (on the clock with `schedules: true`), and every route served under
 * one base URL by the local HTTP API.
 *
 * @example
 * const cloud = await LocalCloud.start({ rootDir: process.cwd() });
 * console.log(cloud.baseUrl, await cloud.token('member-1'));
 * await cloud.stop();
 */
export class LocalCloud {
  public readonly baseUrl: string;
  /** The local Lambda API (`AWS_ENDPOINT_URL_LAMBDA`): event-source mappings and Invoke. */
  public readonly lambdaUrl: string;
  /** The local cloud's control endpoint (see ControlServer). */
  public readonly controlUrl: string;
  /** Environment for AWS SDK clients that talk to this local cloud (`createAwsClients(cloud.env)`). */
  public readonly env: Record<string, string>;
  public readonly dataDir: string;
  public readonly stage: string;
  public readonly kinesis: KinesisEmulator;
  public readonly engine: EventSourceMappingEngine;
  /** The Firehose delivery streams of the templates (Kinesis to the S3 emulator). */
  public readonly firehose: FirehoseEmulator;
  /** The templates' schedules: running on the clock when started with `schedules: true`, else on demand. */
  public readonly schedules: EventScheduler;
  public readonly stacks: ProvisionedStack[];
  readonly #stopList: Array<() => Promise<void>>;
  readonly #secret: Uint8Array;
  readonly #authorizer: AuthorizerDefinition | undefined;

  private constructor(init: {
    baseUrl: string;
    env: Record<string, string>;
    dataDir: string;
    stage: string;
    kinesis: KinesisEmulator;
    engine: EventSourceMappingEngine;
    firehose: FirehoseEmulator;
    schedules: EventScheduler;
    stacks: ProvisionedStack[];
    stopList: Array<() => Promise<void>>;
    secret: Uint8Array;
    authorizer: AuthorizerDefinition | undefined;
    controlUrl: string;
    lambdaUrl: string;
  }) {
    this.lambdaUrl = init.lambdaUrl;
    this.controlUrl = init.controlUrl;
    this.baseUrl = init.baseUrl;
    this.env = init.env;
    this.dataDir = init.dataDir;
    this.stage = init.stage;
    this.kinesis = init.kinesis;
    this.engine = init.engine;
    this.firehose = init.firehose;
    this.schedules = init.schedules;
    this.stacks = init.stacks;
    this.#stopList = init.stopList;
    this.#secret = init.secret;
    this.#authorizer = init.authorizer;
  }

  public static async start(options: LocalCloudOptions): Promise<LocalCloud> {
    const rootDir = resolve(options.rootDir);
    const dataDir = resolve(options.dataDir ?? join(rootDir, '.local-cloud'));
    const stage = options.stage ?? 'local';
    const log = options.log ?? (() => undefined);
    if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
    const logs = join(dataDir, 'logs');
    mkdirSync(logs, { recursive: true });
    const notice = (message: string) => {
      appendFileSync(join(logs, 'local-cloud.log'), `${new Date().toISOString()} ${message}\n`);
      log(`  note: ${message}`);
    };
    const stopList: Array<() => Promise<void>> = [];
    const stopAll = async () => {
      for (const stop of stopList.reverse()) await stop().catch(() => undefined);
    };

    // Invalid fault settings fail before anything starts; relative windows count from here.
    const faults = faultsOption(options.kinesisFaults);
    try {
      const storage = options.ephemeral ? ephemeralDir(dataDir) : dataDir;
      log('▸ starting emulators (Kinesis, DynamoDB Local, S3)');
      const ports = options.emulatorPorts ?? {};
      const [kinesis, dynamodb, s3] = await Promise.all([
        KinesisEmulator.start({
          port: ports.kinesis ?? 0,
          ...(options.ephemeral ? {} : { dataDir: join(storage, 'kinesis') }),
          ...(options.kinesisLimits === undefined ? {} : { limits: options.kinesisLimits }),
          ...(faults ? { faults } : {}),
        }),
        freePortOr(ports.dynamodb).then((port) =>
          DynamoDbLocal.start({
            port,
            dataDir: join(storage, 'dynamodb'),
            logFile: join(logs, 'dynamodb.log'),
            onNotice: notice,
          }),
        ),
        S3Emulator.start({ port: ports.s3 ?? 0, dataDir: join(dataDir, 's3') }),
      ]);
      stopList.push(
        () => kinesis.stop(),
        () => dynamodb.stop(),
        () => s3.stop(),
      );
      // Held from now on, so that the functions' environment can point at it before it serves.
      const lambdaServer = await reserveHttpPort(options.lambdaPort ?? 0);
      stopList.push(() => closeServer(lambdaServer));
      const lambdaPort = (lambdaServer.address() as AddressInfo).port;
      const env: Record<string, string> = {
        AWS_REGION: LOCAL_REGION,
        AWS_ACCESS_KEY_ID: 'S3RVER',
        AWS_SECRET_ACCESS_KEY: 'S3RVER',
        AWS_ENDPOINT_URL_KINESIS: kinesis.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ENDPOINT_URL_LAMBDA: `http://${LOOPBACK}:${lambdaPort}`,
        AWS_S3_FORCE_PATH_STYLE: 'true',
      };
      const clients = createAwsClients(env);
      const gatewayPort = options.port ?? 3000;

      const selection = selectServices(readCompose(rootDir), options.services, options.allEntries ?? false);
      if (selection.skipped.length > 0)
        log(
          `  (not started: ${selection.skipped.map((s) => s.key).join(', ')} — more entries of a folder already running; --all-entries or --services to run them)`,
        );
      const services = selection.services.map((service) => ({
        ...service,
        params: { ...service.params, ...options.params?.[service.key] },
      }));
      // Each local cloud bundles into its own folder of each service, removed when it stops.
      // One folder per compose entry: several entries may share a path (one ingestion per provider).
      const workFolderBase = `.esbuild-local-${createHash('sha256').update(dataDir).digest('hex').slice(0, 10)}`;
      const workFolder = (service: ComposeService) => `${workFolderBase}-${service.key}`;
      stopList.push(async () => {
        for (const service of services)
          rmSync(join(rootDir, service.path, workFolder(service)), { recursive: true, force: true });
      });
      const childEnv = {
        ...process.env,
        ...env,
        AWS_ACCOUNT_ID: LOCAL_ACCOUNT_ID,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      };
      const packageDir = (service: ComposeService) => join(dataDir, 'packages', service.key);
      log(
        `▸ serverless package ${services.map((s) => s.key).join(', ')} (skipped when their configuration is unchanged)`,
      );
      // Entries sharing a folder one after another (see oneAtATimePerFolder); the others at once.
      await oneAtATimePerFolder(
        services,
        (service) => join(rootDir, service.path),
        (service) =>
          packageService({
            rootDir,
            serviceDir: join(rootDir, service.path),
            stage,
            outputDir: packageDir(service),
            env: { ...childEnv, KES_ESBUILD_WORK_FOLDER: workFolder(service) },
            logFile: join(logs, `package-${service.key}.log`),
            extraArgs: paramArgs(service.params),
          }),
      );

      log('▸ provisioning streams, tables, buckets and mappings from the packaged templates');
      const provisioner = new StackProvisioner(clients, {
        apiEndpoint: `http://${LOOPBACK}:${gatewayPort}`,
        notice,
      });
      const exports = new Map<string, string>();
      const stacks: Array<{ service: ComposeService; stack: ProvisionedStack }> = [];
      for (const service of services) {
        const dir = packageDir(service);
        const template = JSON.parse(
          readFileSync(join(dir, 'cloudformation-template-update-stack.json'), 'utf8'),
        ) as Template;
        const state = JSON.parse(readFileSync(join(dir, 'serverless-state.json'), 'utf8')) as {
          service: { service: string; provider?: { stackName?: string } };
        };
        // `provider.stackName` when the service sets one (one stack per compose entry of a shared path).
        const stackName = state.service.provider?.stackName ?? `${state.service.service}-${stage}`;
        const stack = await provisioner.provision(stackName, template, exports);
        for (const [name, value] of stack.exports) exports.set(name, value);
        stacks.push({ service, stack });
      }

      // Delivery streams read from their creation on (AWS: LATEST when created), so they start before any
      // function can publish; a Lambda processor's invocations wait for the invoker below.
      let invokeLater: LambdaInvoker | undefined;
      const firehose = new FirehoseEmulator({
        kinesis: clients.kinesis,
        s3: clients.s3,
        stateDir: join(dataDir, 'firehose'),
        ...(options.firehoseIntervalSeconds === undefined
          ? {}
          : { bufferIntervalMs: options.firehoseIntervalSeconds * 1000 }),
        invoke: async (name, payload) => {
          if (!invokeLater) throw new Error('functions are not started yet');
          return invokeLater.invoke(name, payload);
        },
        notice,
      });
      const deliveryStreams = stacks.flatMap(({ stack }) => stack.deliveryStreams);
      if (deliveryStreams.length > 0) log(`▸ starting ${deliveryStreams.length} Firehose delivery streams`);
      await firehose.start(deliveryStreams);
      stopList.push(() => firehose.stop());

      log('▸ starting functions in serverless-offline');
      // A service without functions (e.g. the lake: only resources) has nothing to serve.
      const withFunctions = stacks.filter(({ stack }) => stack.functions.length > 0);
      const running: RunningService[] = await Promise.all(
        withFunctions.map(async ({ service, stack }) => {
          const serviceDir = join(rootDir, service.path);
          const offline = await ServerlessOffline.start({
            rootDir,
            serviceDir,
            stage,
            httpPort: await freePort(),
            lambdaPort: await freePort(),
            env: { ...childEnv, KES_ESBUILD_WORK_FOLDER: workFolder(service) },
            logFile: join(logs, `${service.key}.log`),
            functionEnvironment: functionEnvironments(packageDir(service), stack),
            functionEnvFile: join(dataDir, 'state', `${service.key}.function-env.json`),
            extraArgs: paramArgs(service.params),
          });
          return { service, stack, offline };
        }),
      );
      stopList.push(
        ...running.map(
          ({ offline }) =>
            () =>
              offline.stop(),
        ),
      );
      const endpointOf = new Map<string, string>();
      for (const { stack, offline } of running) {
        for (const fn of stack.functions) endpointOf.set(fn.functionName, offline.lambdaEndpoint);
      }
      const invoker = new LambdaInvoker((name) => endpointOf.get(name), {
        concurrencyPerFunction: options.functionConcurrency ?? 8,
      });
      invokeLater = invoker;

      const secret = devSecret(join(dataDir, 'dev-jwt-secret'));
      const allStacks = stacks.map(({ stack }) => stack);
      const api = allStacks.flatMap((stack) => stack.apis)[0];
      const authorizers = allStacks.flatMap((stack) => stack.authorizers);
      let baseUrl = `http://${LOOPBACK}:${gatewayPort}`;
      if (api) {
        const gateway = new HttpApiGateway({
          port: gatewayPort,
          api,
          routes: allStacks.flatMap((stack) => stack.routes).filter((route) => route.apiId === api.apiId),
          authorizers,
          invoke: (name, event) => invoker.invoke(name, event),
          verifyToken: (token, authorizer) =>
            verifyDevToken(secret, token, { issuer: authorizer.issuer ?? '', audience: authorizer.audience }),
          accessLog: (line) => appendFileSync(join(logs, 'http-access.log'), `${line}\n`),
        });
        await gateway.start();
        stopList.push(() => gateway.stop());
        baseUrl = gateway.url;
      }

      log('▸ starting event-source mappings');
      const functionArns = new Map(
        allStacks.flatMap((stack) => stack.functions.map((fn) => [fn.functionName, fn.arn] as const)),
      );
      const onFailure = new OnFailureDestination({
        s3: clients.s3,
        notice,
        functionArnOf: (name) => functionArns.get(name),
      });
      const engine = new EventSourceMappingEngine({
        kinesis: clients.kinesis,
        dynamodbStreams: clients.dynamodbStreams,
        invoker,
        checkpointDir: join(dataDir, 'esm'),
        pollIntervalMs: options.pollIntervalMs ?? 1_000,
        log: notice,
        onDiscard: (mapping, batch) => void onFailure.send(mapping, batch),
      });
      stopList.push(() => engine.stop());
      const functions = () => allStacks.flatMap((stack) => stack.functions);
      const mappings = new EventSourceMappingService({
        engine,
        functions,
        sourceExists: eventSourceExists(clients),
        transitionMs: options.mappingTransitionMs ?? 1_000,
        ...(options.lambdaThrottle === false
          ? {}
          : { throttle: new ControlPlaneThrottle(options.lambdaThrottle ?? {}) }),
        stateFile: new MappingStateFile(join(dataDir, 'state', 'api-mappings.json')),
        checkpointDir: join(dataDir, 'esm'),
        log: notice,
      });
      for (const mapping of allStacks.flatMap((stack) => stack.mappings)) await mappings.register(mapping);
      await mappings.restore();
      stopList.push(async () => mappings.stop());
      // Lambda's asynchronous invocations (Invoke with InvocationType Event, and the schedules below),
      // retried as Lambda retries them; EventInvokeConfig resources tune them per function.
      const asyncConfigs = new Map(
        allStacks.flatMap((stack) => stack.asyncInvokeConfigs).map((config) => [config.functionName, config]),
      );
      const asyncInvoker = new AsyncInvoker({
        invoke: (name, payload) => invoker.invoke(name, payload),
        timers: realTimers,
        configOf: (name) => asyncConfigs.get(name),
      });
      stopList.push(async () => asyncInvoker.stop());
      const lambdaApi = new LambdaApiServer({
        port: lambdaPort,
        mappings,
        functions,
        invoke: (name, payload) => invoker.invoke(name, payload),
        invokeAsync: (name, payload, onOutcome) => asyncInvoker.invoke(name, payload, onOutcome),
        log: notice,
      });
      await lambdaApi.start(lambdaServer);
      stopList.push(() => lambdaApi.stop());

      // Custom resources last, as their handlers need the functions and the Lambda API: e.g. the
      // Custom::EventSourceMapping of @kes/esm-mapper creates the mappings through that API.
      const customResources = allStacks.flatMap((stack) => stack.customResources);
      if (customResources.length > 0) {
        log(`▸ running ${customResources.length} custom resources through their handlers`);
        const runner = await CustomResources.start({
          stateFile: join(dataDir, 'state', 'custom-resources.json'),
          invoke: (name, event) => invoker.invoke(name, event),
          timeoutMsOf: (name) =>
            (functions().find((fn) => fn.functionName === name)?.timeoutSeconds ?? 300) * 1000,
          log: notice,
        });
        try {
          await runner.apply(customResources);
        } finally {
          await runner.stop();
        }
      }
      // Schedules last: their functions, mappings and tables all exist by now, as after a deployment.
      const schedules = new EventScheduler({
        schedules: allStacks.flatMap((stack) => stack.schedules),
        invoker: asyncInvoker,
        account: LOCAL_ACCOUNT_ID,
        region: LOCAL_REGION,
        anchors: new ScheduleAnchors(join(dataDir, 'state', 'schedules.json')),
        log: (line) => appendFileSync(join(logs, 'schedules.log'), `${line}\n`),
        notice,
      });
      if (options.schedules) {
        log(`▸ starting ${schedules.list().filter((s) => s.state === 'ENABLED').length} schedules`);
        schedules.start();
      }
      stopList.push(async () => schedules.stop());
      // Live per-mapping figures (state, batch size, iterator age, invocations, errors) for people and tools.
      const statsFile = join(dataDir, 'state', 'mappings.json');
      const statsTimer = setInterval(
        () => writeFileSync(statsFile, JSON.stringify(engine.stats(), null, 2)),
        2_000,
      );
      statsTimer.unref();
      stopList.push(async () => clearInterval(statsTimer));

      const control = new ControlServer({
        port: options.controlPort ?? 4599,
        engine,
        kinesis,
        firehose,
        schedules,
        checkpointDir: join(dataDir, 'esm'),
      });
      await control.start();
      stopList.push(() => control.stop());

      const authorizer = authorizers[0];
      writeFileSync(
        join(dataDir, 'state', 'endpoints.json'),
        JSON.stringify(
          {
            baseUrl,
            controlUrl: control.url,
            lambdaUrl: lambdaApi.url,
            stage,
            env,
            ...(authorizer
              ? { authorizer: { issuer: authorizer.issuer, audience: authorizer.audience } }
              : {}),
          },
          null,
          2,
        ),
      );
      // Every process of this local cloud, for tools that must stop (or crash) it from outside.
      writeFileSync(
        join(dataDir, 'state', 'pids.json'),
        JSON.stringify({
          main: process.pid,
          children: [dynamodb.pid, ...running.map(({ offline }) => offline.pid)],
        }),
      );
      return new LocalCloud({
        baseUrl,
        env,
        dataDir,
        stage,
        kinesis,
        engine,
        firehose,
        schedules,
        stacks: allStacks,
        stopList,
        secret,
        authorizer,
        controlUrl: control.url,
        lambdaUrl: lambdaApi.url,
      });
    } catch (error) {
      await stopAll();
      throw error;
    }
  }

  /**
   * A development token for `memberId`, accepted by the local HTTP API's JWT authorizer; `scopes` as in
   * `signDevToken` (default `claps posts`).
   */
  public async token(memberId: string, options: DevTokenOptions = {}): Promise<string> {
    if (!this.#authorizer?.issuer) throw new Error('No JWT authorizer was provisioned');
    return signDevToken(
      this.#secret,
      memberId,
      { issuer: this.#authorizer.issuer, audience: this.#authorizer.audience },
      options,
    );
  }

  /** Physical name of a resource (`Ref`) by stack and logical id, e.g. ('kes-posts-local', 'PostsTable'). */
  public ref(stackName: string, logicalId: string): string {
    const value = this.stacks.find((stack) => stack.stackName === stackName)?.resources.get(logicalId)?.ref;
    if (!value) throw new Error(`No resource ${logicalId} in stack ${stackName}`);
    return value;
  }

  /** Stops everything, in reverse start order: mappings, gateway, functions, emulators. */
  public async stop(): Promise<void> {
    for (const stop of [...this.#stopList].reverse()) await stop().catch(() => undefined);
  }
}

const faultsOption = (option: LocalCloudOptions['kinesisFaults']): KinesisFaults | undefined => {
  if (option === undefined) return undefined;
  return typeof option === 'string' ? loadKinesisFaults(resolve(option)) : parseKinesisFaults(option);
};

const freePortOr = async (port: number | undefined): Promise<number> => port ?? freePort();

/** A data folder in memory (tmpfs) when the machine has one. */
const ephemeralDir = (dataDir: string): string => {
  const base = process.platform === 'linux' ? '/dev/shm' : join(dataDir, 'ephemeral');
  const dir = join(base, `kes-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** Resolved environments keyed by the function's key in serverless.yml (what the serverless plugin swaps in). */
const functionEnvironments = (
  packageDir: string,
  stack: ProvisionedStack,
): Record<string, Record<string, string>> => {
  const state = JSON.parse(readFileSync(join(packageDir, 'serverless-state.json'), 'utf8')) as {
    service: { functions: Record<string, { name: string }> };
  };
  const byName = new Map(stack.functions.map((fn) => [fn.functionName, fn.environment]));
  return Object.fromEntries(
    Object.entries(state.service.functions).map(([key, fn]) => [key, byName.get(fn.name) ?? {}]),
  );
};
