import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import { parseEventsRule } from '../events/parseEventsRule';
import { parseSchedulerSchedule } from '../events/parseSchedulerSchedule';
import type { AsyncInvokeConfig, ScheduleDefinition } from '../events/types';
import { parseDeliveryStream } from '../firehose/parseDeliveryStream';
import type { DeliveryStreamDefinition } from '../firehose/types';
import type { CustomResourceDefinition } from './CustomResources';
import type {
  AuthorizerDefinition,
  FunctionDefinition,
  HttpApiDefinition,
  MappingDefinition,
  RouteDefinition,
} from './definitions';
import { ProvisioningError, UnresolvedReferenceError } from './errors';
import { generatedId, generatedName, generatedUuid } from './physicalNames';
import { provisionDynamoDbTable } from './provisionDynamoDbTable';
import { provisionKinesisStream } from './provisionKinesisStream';
import { provisionS3Bucket } from './provisionS3Bucket';
import { type ResolveContext, resolveIntrinsics } from './resolveIntrinsics';
import {
  LOCAL_ACCOUNT_ID,
  LOCAL_PARTITION,
  LOCAL_REGION,
  type PhysicalResource,
  type Template,
} from './types';

export interface ProvisionerClients {
  kinesis: KinesisClient;
  dynamodb: DynamoDBClient;
  s3: S3Client;
}

/** Everything one provisioned stack contributes to the local cloud. */
export interface ProvisionedStack {
  stackName: string;
  resources: Map<string, PhysicalResource>;
  exports: Map<string, string>;
  functions: FunctionDefinition[];
  mappings: MappingDefinition[];
  /** `Custom::*` resources, run by CustomResources once their handlers' functions are up. */
  customResources: CustomResourceDefinition[];
  apis: HttpApiDefinition[];
  authorizers: AuthorizerDefinition[];
  routes: RouteDefinition[];
  /** `AWS::KinesisFirehose::DeliveryStream`s (Kinesis to S3), run by the FirehoseEmulator. */
  deliveryStreams: DeliveryStreamDefinition[];
  /** Scheduled `AWS::Events::Rule`s and `AWS::Scheduler::Schedule`s with Lambda targets, run by the EventScheduler. */
  schedules: ScheduleDefinition[];
  /** `AWS::Lambda::EventInvokeConfig`s: how Lambda retries a function's asynchronous invocations. */
  asyncInvokeConfigs: AsyncInvokeConfig[];
  /** Resource types accepted without being emulated (IAM roles, log groups...), for the start summary. */
  notEmulated: Map<string, number>;
}

/** Resource types that only matter on AWS: accepted, answered with a plausible Ref/Arn, not emulated. */
const INERT_TYPES = new Set([
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::Logs::LogGroup',
  'AWS::Logs::LogStream',
  'AWS::Lambda::Permission',
  'AWS::S3::BucketPolicy',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
  // Only alarms publish to our topics, and nothing evaluates alarms locally.
  'AWS::SNS::Topic',
  'AWS::KMS::Key',
  'AWS::KMS::Alias',
  'AWS::Lambda::Version',
]);

const functionNameOf = (arnOrName: string): string =>
  arnOrName.split(':function:').pop()?.split(':')[0] ?? arnOrName;
const num = (value: unknown): number | undefined => (value === undefined ? undefined : Number(value));

/**
 * Provisions one CloudFormation template on the local emulators, resolving intrinsics as CloudFormation
 * would: streams, tables and buckets are created (or found again after a restart: names are
 * deterministic), functions, mappings and HTTP API routes are collected for serverless-offline, the
 * ESM engine and the gateway.
 */
export class StackProvisioner {
  readonly #clients: ProvisionerClients;
  readonly #notice: (message: string) => void;
  readonly #apiEndpoint: string;

  public constructor(
    clients: ProvisionerClients,
    options: { apiEndpoint: string; notice: (m: string) => void },
  ) {
    this.#clients = clients;
    this.#notice = options.notice;
    this.#apiEndpoint = options.apiEndpoint;
  }

  public async provision(
    stackName: string,
    template: Template,
    importedExports: ReadonlyMap<string, string>,
  ): Promise<ProvisionedStack> {
    const stack: ProvisionedStack = {
      stackName,
      resources: new Map(),
      exports: new Map(),
      functions: [],
      mappings: [],
      customResources: [],
      apis: [],
      authorizers: [],
      routes: [],
      deliveryStreams: [],
      schedules: [],
      asyncInvokeConfigs: [],
      notEmulated: new Map(),
    };
    const ctx: ResolveContext = {
      stackName,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      partition: LOCAL_PARTITION,
      resources: stack.resources,
      exports: importedExports,
      // Parameters take their defaults: the local cloud deploys like `serverless deploy` without overrides.
      parameters: new Map(
        Object.entries(template.Parameters ?? {})
          .filter(([, parameter]) => parameter.Default !== undefined)
          .map(([name, parameter]) => [name, String(parameter.Default)]),
      ),
    };
    const integrations = new Map<string, string>();
    const pendingRoutes: Array<{ logicalId: string; props: Record<string, unknown> }> = [];
    let pending = Object.keys(template.Resources);
    while (pending.length > 0) {
      const deferred: string[] = [];
      const errors: string[] = [];
      await Promise.all(
        pending.map(async (logicalId) => {
          const resource = template.Resources[logicalId];
          if (!resource) return;
          const dependsOn = [resource.DependsOn ?? []].flat();
          if (dependsOn.some((dependency) => !stack.resources.has(dependency))) {
            deferred.push(logicalId);
            return;
          }
          let props: Record<string, unknown>;
          try {
            props = resolveIntrinsics(resource.Properties ?? {}, ctx, `${stackName}.${logicalId}`) as Record<
              string,
              unknown
            >;
          } catch (error) {
            if (error instanceof UnresolvedReferenceError) {
              deferred.push(logicalId);
              errors.push(error.message);
              return;
            }
            throw error;
          }
          const physical = await this.#provisionResource(
            stack,
            logicalId,
            resource.Type,
            props,
            integrations,
          );
          if (resource.Type === 'AWS::ApiGatewayV2::Route') pendingRoutes.push({ logicalId, props });
          stack.resources.set(logicalId, physical);
        }),
      );
      if (deferred.length === pending.length) {
        throw new ProvisioningError(
          'UNRESOLVABLE_TEMPLATE',
          `Stack ${stackName}: cannot provision ${deferred.join(', ')}: ${[...new Set(errors)].join('; ') || 'circular DependsOn'}`,
        );
      }
      pending = deferred;
    }
    for (const { props } of pendingRoutes) stack.routes.push(this.#route(stackName, props, integrations));
    for (const [name, output] of Object.entries(template.Outputs ?? {})) {
      if (!output.Export) continue;
      const exportName = String(resolveIntrinsics(output.Export.Name, ctx, `${stackName}.Outputs.${name}`));
      stack.exports.set(
        exportName,
        String(resolveIntrinsics(output.Value, ctx, `${stackName}.Outputs.${name}`)),
      );
    }
    return stack;
  }

  async #provisionResource(
    stack: ProvisionedStack,
    logicalId: string,
    type: string,
    props: Record<string, unknown>,
    integrations: Map<string, string>,
  ): Promise<PhysicalResource> {
    const { stackName } = stack;
    const base = { stackName, logicalId, region: LOCAL_REGION, accountId: LOCAL_ACCOUNT_ID };
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
      const serviceToken = props.ServiceToken;
      if (typeof serviceToken !== 'string' || !serviceToken.includes(':function:')) {
        throw new ProvisioningError(
          'UNSUPPORTED_RESOURCE',
          `${stackName}: ${type} ${logicalId} needs a Lambda function ARN as ServiceToken (SNS-backed custom resources are not emulated)`,
        );
      }
      stack.customResources.push({ stackName, logicalId, type, serviceToken, properties: props });
      // The physical id is only known once the handler answers; nothing in our templates refers to it.
      return { ref: `${logicalId}-local`, attributes: {} };
    }
    switch (type) {
      case 'AWS::Kinesis::Stream':
        return provisionKinesisStream(props, {
          ...base,
          kinesis: this.#clients.kinesis,
          notice: this.#notice,
        });
      case 'AWS::DynamoDB::Table':
        return provisionDynamoDbTable(props, { ...base, dynamodb: this.#clients.dynamodb });
      case 'AWS::S3::Bucket':
        return provisionS3Bucket(props, { ...base, s3: this.#clients.s3 });
      case 'AWS::Lambda::Function': {
        const functionName =
          (props.FunctionName as string | undefined) ?? generatedName(stackName, logicalId, 64);
        const arn = `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
        const variables =
          (props.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
        stack.functions.push({
          stackName,
          logicalId,
          functionName,
          arn,
          environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
          timeoutSeconds: Number(props.Timeout ?? 3),
        });
        return { ref: functionName, attributes: { Arn: arn } };
      }
      case 'AWS::KinesisFirehose::DeliveryStream': {
        const name =
          (props.DeliveryStreamName as string | undefined) ?? generatedName(stackName, logicalId, 64);
        const arn = `arn:aws:firehose:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:deliverystream/${name}`;
        try {
          stack.deliveryStreams.push(parseDeliveryStream(props, { ...base, name }));
        } catch (error) {
          // Unsupported settings are said, and the rest of the stack still runs.
          this.#notice((error as Error).message);
          stack.notEmulated.set(type, (stack.notEmulated.get(type) ?? 0) + 1);
        }
        return { ref: name, attributes: { Arn: arn } };
      }
      case 'AWS::Events::Rule': {
        // Scheduled rules live on the default bus: `rule/<name>`.
        const name = (props.Name as string | undefined) ?? generatedName(stackName, logicalId, 64);
        const arn = `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${name}`;
        const rule = parseEventsRule(props, { stackName, logicalId, name, arn, notice: this.#notice });
        if (rule) stack.schedules.push(rule);
        return { ref: name, attributes: { Arn: arn } };
      }
      case 'AWS::Scheduler::Schedule': {
        const name = (props.Name as string | undefined) ?? generatedName(stackName, logicalId, 64);
        const group = (props.GroupName as string | undefined) ?? 'default';
        const arn = `arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:schedule/${group}/${name}`;
        const schedule = parseSchedulerSchedule(props, {
          stackName,
          logicalId,
          name,
          arn,
          notice: this.#notice,
        });
        if (schedule) stack.schedules.push(schedule);
        return { ref: name, attributes: { Arn: arn } };
      }
      case 'AWS::Lambda::EventInvokeConfig': {
        const functionName = functionNameOf(String(props.FunctionName));
        if (props.DestinationConfig)
          this.#notice(
            `${stackName}: ${logicalId}: asynchronous invocation destinations are not emulated locally`,
          );
        stack.asyncInvokeConfigs.push({
          functionName,
          maximumRetryAttempts: num(props.MaximumRetryAttempts),
          maximumEventAgeInSeconds: num(props.MaximumEventAgeInSeconds),
        });
        return { ref: generatedId(stackName, logicalId), attributes: {} };
      }
      case 'AWS::Lambda::EventSourceMapping': {
        const uuid = generatedUuid(stackName, logicalId);
        stack.mappings.push(this.#mapping(stackName, logicalId, uuid, props));
        return { ref: uuid, attributes: { Id: uuid } };
      }
      case 'AWS::ApiGatewayV2::Api': {
        const apiId = generatedId(stackName, logicalId);
        stack.apis.push({ apiId, name: String(props.Name ?? logicalId) });
        return { ref: apiId, attributes: { ApiId: apiId, ApiEndpoint: this.#apiEndpoint } };
      }
      case 'AWS::ApiGatewayV2::Stage': {
        const api = stack.apis.find((candidate) => candidate.apiId === props.ApiId);
        const format = (props.AccessLogSettings as { Format?: string } | undefined)?.Format;
        if (api && format) api.accessLogFormat = format;
        return { ref: String(props.StageName ?? '$default'), attributes: {} };
      }
      case 'AWS::ApiGatewayV2::Authorizer': {
        const id = generatedId(stackName, logicalId);
        const jwt = props.JwtConfiguration as { Issuer?: string; Audience?: string[] } | undefined;
        stack.authorizers.push({
          id,
          apiId: String(props.ApiId),
          name: String(props.Name ?? logicalId),
          type: props.AuthorizerType === 'JWT' ? 'JWT' : 'REQUEST',
          ...(jwt?.Issuer ? { issuer: jwt.Issuer } : {}),
          audience: jwt?.Audience ?? [],
          identitySource: (props.IdentitySource as string[] | undefined) ?? [],
        });
        return { ref: id, attributes: { AuthorizerId: id } };
      }
      case 'AWS::ApiGatewayV2::Integration': {
        const id = generatedId(stackName, logicalId);
        integrations.set(id, functionNameOf(String(props.IntegrationUri)));
        return { ref: id, attributes: {} };
      }
      case 'AWS::ApiGatewayV2::Route':
        return { ref: generatedId(stackName, logicalId), attributes: {} };
      default: {
        if (!INERT_TYPES.has(type)) {
          this.#notice(`${stackName}: ${type} (${logicalId}) is not emulated locally`);
        }
        stack.notEmulated.set(type, (stack.notEmulated.get(type) ?? 0) + 1);
        const name = generatedName(stackName, logicalId, 64);
        const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
        return {
          ref: name,
          attributes: { Arn: `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${name}` },
        };
      }
    }
  }

  #mapping(
    stackName: string,
    logicalId: string,
    uuid: string,
    props: Record<string, unknown>,
  ): MappingDefinition {
    const filters = (props.FilterCriteria as { Filters?: Array<{ Pattern: string }> } | undefined)?.Filters;
    const onFailure = (props.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined)
      ?.OnFailure;
    const definition: MappingDefinition = {
      uuid,
      stackName,
      logicalId,
      functionName: functionNameOf(String(props.FunctionName)),
      eventSourceArn: String(props.EventSourceArn),
      enabled: props.Enabled === undefined ? true : props.Enabled === true || props.Enabled === 'true',
    };
    const optional: Partial<MappingDefinition> = {
      batchSize: num(props.BatchSize),
      maximumBatchingWindowInSeconds: num(props.MaximumBatchingWindowInSeconds),
      startingPosition: props.StartingPosition as MappingDefinition['startingPosition'],
      startingPositionTimestamp: num(props.StartingPositionTimestamp),
      bisectBatchOnFunctionError: props.BisectBatchOnFunctionError === true,
      maximumRetryAttempts: num(props.MaximumRetryAttempts),
      maximumRecordAgeInSeconds: num(props.MaximumRecordAgeInSeconds),
      functionResponseTypes: props.FunctionResponseTypes as string[] | undefined,
      filterPatterns: filters?.map((filter) => filter.Pattern),
      parallelizationFactor: num(props.ParallelizationFactor),
      tumblingWindowInSeconds: num(props.TumblingWindowInSeconds),
      onFailureDestinationArn: onFailure?.Destination,
    };
    for (const [key, value] of Object.entries(optional)) {
      if (value !== undefined) (definition as unknown as Record<string, unknown>)[key] = value;
    }
    return definition;
  }

  #route(
    stackName: string,
    props: Record<string, unknown>,
    integrations: Map<string, string>,
  ): RouteDefinition {
    const integrationId = String(props.Target ?? '').replace(/^integrations\//, '');
    const functionName = integrations.get(integrationId);
    if (!functionName) {
      throw new ProvisioningError(
        'ROUTE_WITHOUT_INTEGRATION',
        `${stackName}: route ${props.RouteKey} has no Lambda integration`,
      );
    }
    return {
      apiId: String(props.ApiId),
      routeKey: String(props.RouteKey),
      functionName,
      authorizationType: String(props.AuthorizationType ?? 'NONE'),
      ...(props.AuthorizerId ? { authorizerId: String(props.AuthorizerId) } : {}),
      ...(Array.isArray(props.AuthorizationScopes) && props.AuthorizationScopes.length > 0
        ? { authorizationScopes: props.AuthorizationScopes.map(String) }
        : {}),
      stackName,
    };
  }
}
