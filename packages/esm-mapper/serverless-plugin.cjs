'use strict';
// Serverless Framework plugin: creates the service's event-source mappings through the
// Custom::EventSourceMapping resource of @kes/esm-mapper instead of AWS::Lambda::EventSourceMapping.
//
// CloudFormation does not retry AWS::Lambda::EventSourceMapping when Lambda (or Kinesis behind it)
// throttles, and many mappings on one stream created in one deployment fail that way at random. The
// custom resource retries with backoff and full jitter within its time budget.
//
//  - `initialize` (every command): when the service has `stream` events and the plugin is enabled, adds
//    the mapper function (bundled by serverless-esbuild from this package) with its own least-privilege
//    role (serverless-iam-roles-per-function) and a log group with the provider's retention;
//  - `before:package:finalize` (after serverless-iam-roles-per-function, listed before this plugin, has
//    set each mapping's DependsOn to its function's role): rewrites every AWS::Lambda::EventSourceMapping
//    of the compiled template into Custom::EventSourceMapping with the same properties and DependsOn,
//    plus ServiceToken (the mapper) and ServiceTimeout.
//
// custom.esmMapper: { enabled (default true), timeout (seconds, default 300), memorySize (default 256) }.

const FUNCTION_KEY = 'esmMapper';
// Inside the service's node_modules (each service depends on @kes/esm-mapper), so the handler path in the
// zip is the same as in the service directory.
const HANDLER_FILE = 'node_modules/@kes/esm-mapper/src/handler';
const HANDLER = `${HANDLER_FILE}.handler`;
const MAPPING_TYPE = 'AWS::Lambda::EventSourceMapping';
const CUSTOM_TYPE = 'Custom::EventSourceMapping';

const sub = (text) => ({ 'Fn::Sub': text });

/** The mapper's IAM statements: event-source mappings of this service's functions only. */
const mapperStatements = (functionPrefix) => [
  {
    Effect: 'Allow',
    // lambda:FunctionArn is in the request context of Create, Update and Delete only.
    Action: [
      'lambda:CreateEventSourceMapping',
      'lambda:UpdateEventSourceMapping',
      'lambda:DeleteEventSourceMapping',
    ],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not JS
    Resource: sub('arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:event-source-mapping:*'),
    Condition: {
      ArnLike: {
        'lambda:FunctionArn': sub(
          `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${functionPrefix}*`,
        ),
      },
    },
  },
  {
    // Get carries no lambda:FunctionArn key: a condition on it would deny every call.
    Effect: 'Allow',
    Action: ['lambda:GetEventSourceMapping'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub string, not JS
    Resource: sub('arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:event-source-mapping:*'),
  },
  {
    // ListEventSourceMappings has no resource-level permissions: "*" is the only valid Resource.
    Effect: 'Allow',
    Action: ['lambda:ListEventSourceMappings'],
    Resource: '*',
  },
];

const truthy = (value, fallback) => {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  return !['false', '0', 'no', 'off'].includes(String(value).trim().toLowerCase());
};

class EsmMapperPlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      initialize: () => this.addMapperFunction(),
      'before:package:finalize': () => this.rewriteMappings(),
    };
  }

  settings() {
    const custom = this.serverless.service.custom?.esmMapper ?? {};
    return {
      enabled: truthy(custom.enabled, true),
      timeout: Number(custom.timeout ?? 300),
      memorySize: Number(custom.memorySize ?? 256),
    };
  }

  hasStreamEvents() {
    return Object.entries(this.serverless.service.functions ?? {}).some(
      ([key, fn]) => key !== FUNCTION_KEY && (fn?.events ?? []).some((event) => event?.stream),
    );
  }

  addMapperFunction() {
    const settings = this.settings();
    if (!settings.enabled || !this.hasStreamEvents()) return;
    const service = this.serverless.service;
    const stage = this.serverless.getProvider('aws').getStage();
    // The stack's functions are named `<stackName>-…` when the service sets provider.stackName (one
    // deployment per compose entry of a shared path, e.g. one ingestion per provider), else `<service>-<stage>-…`.
    const prefix = `${service.provider.stackName ?? `${service.service}-${stage}`}-`;
    service.functions[FUNCTION_KEY] = {
      name: `${prefix}${FUNCTION_KEY}`,
      description:
        'Custom::EventSourceMapping: creates, updates and deletes event-source mappings, retrying throttling',
      handler: HANDLER,
      memorySize: settings.memorySize,
      timeout: settings.timeout,
      events: [],
      // serverless-esbuild leaves everything under node_modules/ out of a zip unless a pattern names it.
      package: { patterns: [`${HANDLER_FILE}.js`, `${HANDLER_FILE}.js.map`] },
      iamRoleStatements: mapperStatements(prefix),
      // IAM role names are global to the account: with a stackName, name the role after the stack.
      ...(service.provider.stackName
        ? {
            iamRoleStatementsName: `${prefix}${FUNCTION_KEY}-${this.serverless.getProvider('aws').getRegion()}`,
          }
        : {}),
    };
  }

  rewriteMappings() {
    const settings = this.settings();
    if (!settings.enabled) return;
    const provider = this.serverless.getProvider('aws');
    const template = provider.serverless.service.provider.compiledCloudFormationTemplate;
    const mapperId = provider.naming.getLambdaLogicalId(FUNCTION_KEY);
    const mappings = Object.values(template.Resources).filter((resource) => resource.Type === MAPPING_TYPE);
    if (mappings.length === 0) return;
    if (!template.Resources[mapperId]) {
      throw new Error(
        `@kes/esm-mapper: the template has event-source mappings but no ${mapperId} (was the plugin enabled after initialize?)`,
      );
    }
    for (const resource of mappings) {
      resource.Type = CUSTOM_TYPE;
      resource.Properties = {
        ServiceToken: { 'Fn::GetAtt': [mapperId, 'Arn'] },
        // CloudFormation waits this long for an answer; the mapper answers before its own timeout.
        ServiceTimeout: settings.timeout + 60,
        ...resource.Properties,
      };
    }
    this.serverless.cli?.log?.(
      `kes esm-mapper: ${mappings.length} event-source mapping(s) through ${CUSTOM_TYPE}`,
    );
  }
}

module.exports = EsmMapperPlugin;
