// The plugin is CommonJS, loaded by the Serverless Framework.
const EsmMapperPlugin = require('../serverless-plugin.cjs');

type Resource = { Type: string; DependsOn?: unknown; Properties: Record<string, unknown> };

const fakeServerless = (custom: Record<string, unknown> = {}) => {
  const resources: Record<string, Resource> = {
    TrackPostsEventSourceMappingKinesisPosts: {
      Type: 'AWS::Lambda::EventSourceMapping',
      DependsOn: 'TrackPostsIamRoleLambdaExecution',
      Properties: { FunctionName: { 'Fn::GetAtt': ['TrackPostsLambdaFunction', 'Arn'] }, BatchSize: 100 },
    },
    EsmMapperLambdaFunction: { Type: 'AWS::Lambda::Function', Properties: {} },
  };
  const serverless = {
    service: {
      service: 'kes-claps',
      custom,
      functions: {
        trackPosts: { handler: 'h.handler', events: [{ stream: { type: 'kinesis', arn: 'arn' } }] },
      } as Record<string, Record<string, unknown>>,
      provider: { compiledCloudFormationTemplate: { Resources: resources } },
    },
    getProvider: () => ({
      getStage: () => 'dev',
      naming: {
        getLambdaLogicalId: (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}LambdaFunction`,
      },
      serverless: undefined as unknown,
    }),
    cli: { log: () => undefined },
  };
  const provider = serverless.getProvider();
  provider.serverless = serverless;
  serverless.getProvider = () => provider;
  return { serverless, resources };
};

describe('@kes/esm-mapper/serverless-plugin', () => {
  it('adds the mapper function with its own least-privilege statements', async () => {
    const { serverless } = fakeServerless();
    await new EsmMapperPlugin(serverless).hooks.initialize();

    const mapper = serverless.service.functions.esmMapper as Record<string, unknown>;
    expect(mapper).toMatchObject({
      name: 'kes-claps-dev-esmMapper',
      handler: 'node_modules/@kes/esm-mapper/src/handler.handler',
      timeout: 300,
    });
    const statements = mapper.iamRoleStatements as Array<{
      Action: string[];
      Resource: unknown;
      Condition?: unknown;
    }>;
    expect(statements.flatMap((statement) => statement.Action).sort()).toEqual([
      'lambda:CreateEventSourceMapping',
      'lambda:DeleteEventSourceMapping',
      'lambda:GetEventSourceMapping',
      'lambda:ListEventSourceMappings',
      'lambda:UpdateEventSourceMapping',
    ]);
    expect(JSON.stringify(statements[0])).toContain('function:kes-claps-dev-*');
  });

  it('rewrites each AWS::Lambda::EventSourceMapping into Custom::EventSourceMapping, keeping properties and DependsOn', async () => {
    const { serverless, resources } = fakeServerless({ esmMapper: { timeout: '120' } });
    await new EsmMapperPlugin(serverless).hooks['before:package:finalize']();

    expect(resources.TrackPostsEventSourceMappingKinesisPosts).toEqual({
      Type: 'Custom::EventSourceMapping',
      DependsOn: 'TrackPostsIamRoleLambdaExecution',
      Properties: {
        ServiceToken: { 'Fn::GetAtt': ['EsmMapperLambdaFunction', 'Arn'] },
        ServiceTimeout: 180,
        FunctionName: { 'Fn::GetAtt': ['TrackPostsLambdaFunction', 'Arn'] },
        BatchSize: 100,
      },
    });
  });

  it.each([false, 'false'])('does nothing when custom.esmMapper.enabled is %j', async (enabled) => {
    const { serverless, resources } = fakeServerless({ esmMapper: { enabled } });
    const plugin = new EsmMapperPlugin(serverless);
    await plugin.hooks.initialize();
    await plugin.hooks['before:package:finalize']();

    expect(serverless.service.functions.esmMapper).toBeUndefined();
    expect(resources.TrackPostsEventSourceMappingKinesisPosts?.Type).toBe('AWS::Lambda::EventSourceMapping');
  });

  it('adds no mapper to a service without stream events', async () => {
    const { serverless } = fakeServerless();
    serverless.service.functions = { api: { handler: 'h.handler', events: [{ httpApi: {} }] } };
    await new EsmMapperPlugin(serverless).hooks.initialize();

    expect(Object.keys(serverless.service.functions)).toEqual(['api']);
  });
});
