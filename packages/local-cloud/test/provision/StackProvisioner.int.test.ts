import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamSummaryCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { ProvisioningError } from '../../src/provision/errors';
import { type ProvisionedStack, StackProvisioner } from '../../src/provision/StackProvisioner';
import type { Template } from '../../src/provision/types';
import { startEmulators, type TestEmulators } from '../../src/testing/startEmulators';
import {
  ACCESS_LOG_FORMAT,
  FILTER_PATTERN,
  ISSUER,
  importedExports,
  MEMBERS_STREAM_ARN,
  postsTemplate,
} from '../helpers/templates';

const STACK = 'kes-posts-local';
const API_ENDPOINT = 'http://127.0.0.1:3999';

let emulators: TestEmulators;
let clients: AwsClients;
let notices: string[];
let stack: ProvisionedStack;

const provisioner = () => {
  notices = [];
  return new StackProvisioner(clients, {
    apiEndpoint: API_ENDPOINT,
    notice: (message) => notices.push(message),
  });
};

beforeAll(async () => {
  emulators = await startEmulators({ kinesis: true, dynamodb: true, s3: true });
  clients = createAwsClients(emulators.env);
  stack = await provisioner().provision(STACK, postsTemplate(), importedExports());
});

afterAll(() => emulators?.stop());

const ref = (logicalId: string): string => stack.resources.get(logicalId)?.ref ?? '';
const attribute = (logicalId: string, name: string): string =>
  stack.resources.get(logicalId)?.attributes[name] ?? '';

describe('StackProvisioner: physical resources', () => {
  it('creates the Kinesis stream with a generated name and its two shards', async () => {
    const streamName = ref('EventsStream');
    const { StreamDescriptionSummary } = await clients.kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: streamName }),
    );
    const { Shards = [] } = await clients.kinesis.send(new ListShardsCommand({ StreamName: streamName }));

    expect(streamName).toMatch(/^kes-posts-local-EventsStream-[0-9A-F]{12}$/);
    expect(StreamDescriptionSummary?.StreamStatus).toBe('ACTIVE');
    expect(Shards).toHaveLength(2);
    expect(attribute('EventsStream', 'Arn')).toBe(
      `arn:aws:kinesis:us-east-1:000000000000:stream/${streamName}`,
    );
  });

  it('creates the DynamoDB table with its key, GSI and NEW_AND_OLD_IMAGES stream', async () => {
    const { Table } = await clients.dynamodb.send(new DescribeTableCommand({ TableName: ref('PostsTable') }));

    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byAuthor']);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(attribute('PostsTable', 'Arn')).toBe(Table?.TableArn);
    expect(attribute('PostsTable', 'StreamArn')).toBe(Table?.LatestStreamArn);
  });

  it('creates the bucket that has no name under a generated, valid bucket name', async () => {
    const bucket = ref('ArchiveBucket');

    await expect(clients.s3.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
    expect(bucket).toMatch(/^kes-posts-local-archivebucket-[0-9a-f]{12}$/);
    expect(attribute('ArchiveBucket', 'Arn')).toBe(`arn:aws:s3:::${bucket}`);
  });

  it('accepts resources it does not emulate (an IAM role) with a plausible Ref and Arn, quietly', () => {
    expect(stack.notEmulated.get('AWS::IAM::Role')).toBe(1);
    expect(attribute('IamRoleLambdaExecution', 'Arn')).toMatch(/^arn:aws:iam:us-east-1:000000000000:/);
    expect(notices).toEqual([]);
  });
});

describe('StackProvisioner: what it collects for the local cloud', () => {
  it('collects each function with its environment resolved (Ref, GetAtt, ImportValue, pseudo parameters)', () => {
    expect(stack.functions).toHaveLength(2);
    expect(stack.functions.find((fn) => fn.logicalId === 'ProjectorLambdaFunction')).toEqual({
      stackName: STACK,
      logicalId: 'ProjectorLambdaFunction',
      functionName: 'kes-posts-local-projector',
      arn: 'arn:aws:lambda:us-east-1:000000000000:function:kes-posts-local-projector',
      environment: {
        EVENTS_STREAM: ref('EventsStream'),
        POSTS_TABLE_ARN: attribute('PostsTable', 'Arn'),
        ARCHIVE_BUCKET: ref('ArchiveBucket'),
        MEMBERS_STREAM_ARN,
        REGION: 'us-east-1',
        BATCH: '25',
      },
      timeoutSeconds: 30,
    });
    expect(stack.functions.find((fn) => fn.logicalId === 'GetPostLambdaFunction')).toMatchObject({
      environment: {},
      timeoutSeconds: 3,
    });
  });

  it('collects each event-source mapping with its properties resolved', () => {
    const projector = stack.mappings.find((mapping) => mapping.logicalId === 'ProjectorEventSourceMapping');

    expect(projector).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/),
      stackName: STACK,
      logicalId: 'ProjectorEventSourceMapping',
      functionName: 'kes-posts-local-projector',
      eventSourceArn: attribute('EventsStream', 'Arn'),
      enabled: true,
      batchSize: 50,
      maximumBatchingWindowInSeconds: 1,
      startingPosition: 'TRIM_HORIZON',
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 3,
      maximumRecordAgeInSeconds: 3600,
      functionResponseTypes: ['ReportBatchItemFailures'],
      filterPatterns: [FILTER_PATTERN],
      onFailureDestinationArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
    });
    expect(ref('ProjectorEventSourceMapping')).toBe(projector?.uuid);
  });

  it('collects a mapping on the table stream, by function name, disabled', () => {
    expect(stack.mappings.find((mapping) => mapping.logicalId === 'OutboxEventSourceMapping')).toMatchObject({
      functionName: 'kes-posts-local-projector',
      eventSourceArn: attribute('PostsTable', 'StreamArn'),
      startingPosition: 'LATEST',
      enabled: false,
      bisectBatchOnFunctionError: false,
    });
  });

  it('collects the HTTP API with the access-log format of its stage', () => {
    expect(stack.apis).toEqual([
      { apiId: ref('HttpApi'), name: 'local-kes-posts', accessLogFormat: ACCESS_LOG_FORMAT },
    ]);
    expect(attribute('HttpApi', 'ApiEndpoint')).toBe(API_ENDPOINT);
  });

  it('collects the JWT authorizer', () => {
    expect(stack.authorizers).toEqual([
      {
        id: ref('HttpApiAuthorizerJwt'),
        apiId: ref('HttpApi'),
        name: 'jwt',
        type: 'JWT',
        issuer: ISSUER,
        audience: ['kes'],
        identitySource: ['$request.header.Authorization'],
      },
    ]);
  });

  it('collects the route with the function behind its integration and its authorizer', () => {
    expect(stack.routes).toEqual([
      {
        apiId: ref('HttpApi'),
        routeKey: 'GET /posts/{postId}',
        functionName: 'kes-posts-local-getPost',
        authorizationType: 'JWT',
        authorizerId: ref('HttpApiAuthorizerJwt'),
        stackName: STACK,
      },
    ]);
  });

  it('produces the exports of its Outputs, and only those with an Export', () => {
    expect(stack.exports).toEqual(
      new Map([
        ['kes-posts-local-EventsStreamArn', attribute('EventsStream', 'Arn')],
        ['kes-posts-local-PostsTableName', ref('PostsTable')],
      ]),
    );
  });
});

describe('StackProvisioner: restart', () => {
  it('provisions the same template again (a restart) and finds the same resources under the same names', async () => {
    const again = await provisioner().provision(STACK, postsTemplate(), importedExports());

    for (const [logicalId, resource] of stack.resources)
      expect(again.resources.get(logicalId)).toEqual(resource);
    expect(again.mappings).toEqual(stack.mappings);
    expect(again.routes).toEqual(stack.routes);
    expect(again.exports).toEqual(stack.exports);
  });
});

describe('StackProvisioner: monitoring resources (a dashboard, an alarm, its encrypted topic)', () => {
  /** What services/ingestion/resources/monitoring.yml packages to, trimmed to what the provisioner reads. */
  const monitoringTemplate = (): Template => ({
    Resources: {
      Stream: { Type: 'AWS::Kinesis::Stream', Properties: { Name: 'kes-local-monitored', ShardCount: 1 } },
      Dashboard: {
        Type: 'AWS::CloudWatch::Dashboard',
        Properties: {
          DashboardName: 'kes-monitored-local',
          DashboardBody: {
            'Fn::Sub': [
              // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub template
              '{"widgets":[{"properties":{"region":"${AWS::Region}","metrics":[["AWS/Kinesis","GetRecords.IteratorAgeMilliseconds","StreamName","${Stream}"],["kes","BatchSize","provider","${Provider}"]]}}]}',
              { Provider: 'acme' },
            ],
          },
        },
      },
      Alarm: {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Namespace: 'kes',
          MetricName: 'CircuitOpen',
          AlarmActions: [{ Ref: 'Topic' }],
          OKActions: [{ Ref: 'Topic' }],
        },
      },
      Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'Key' } } },
      Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
    },
    Outputs: {
      AlarmTopicArn: { Value: { Ref: 'Topic' }, Export: { Name: 'kes-local-monitored-AlarmTopicArn' } },
    },
  });

  it('accepts them without a notice (nothing runs alarms locally) and exports the topic', async () => {
    const monitored = await provisioner().provision('kes-monitored-local', monitoringTemplate(), new Map());

    expect(notices).toEqual([]);
    expect(Object.fromEntries(monitored.notEmulated)).toEqual({
      'AWS::CloudWatch::Dashboard': 1,
      'AWS::CloudWatch::Alarm': 1,
      'AWS::SNS::Topic': 1,
      'AWS::KMS::Key': 1,
    });
    expect(monitored.exports.get('kes-local-monitored-AlarmTopicArn')).toBe(
      monitored.resources.get('Topic')?.ref,
    );
    expect(monitored.resources.get('Stream')?.ref).toBe('kes-local-monitored');
  });
});

describe('StackProvisioner: templates it cannot provision', () => {
  const templateWith = (resources: Template['Resources']): Template => ({ Resources: resources });

  it('fails with the resource and the reference it cannot resolve', async () => {
    const template = templateWith({
      Consumer: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'kes-broken-local-consumer',
          Environment: { Variables: { TABLE: { Ref: 'MissingTable' } } },
        },
      },
    });

    const failure = provisioner().provision('kes-broken-local', template, new Map());

    await expect(failure).rejects.toThrow(
      'Stack kes-broken-local: cannot provision Consumer: kes-broken-local.Consumer: cannot resolve Ref MissingTable',
    );
    await expect(failure).rejects.toBeInstanceOf(ProvisioningError);
    await expect(failure).rejects.toMatchObject({ code: 'UNRESOLVABLE_TEMPLATE' });
  });

  it('fails with the export no stack provided', async () => {
    const template = templateWith({
      Consumer: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: 'kes-broken-local-consumer',
          Environment: { Variables: { MEMBERS: { 'Fn::ImportValue': 'kes-members-local-Nothing' } } },
        },
      },
    });

    await expect(provisioner().provision('kes-broken-local', template, new Map())).rejects.toThrow(
      'cannot resolve Fn::ImportValue kes-members-local-Nothing',
    );
  });

  it('fails on a DependsOn cycle, naming the resources', async () => {
    const template = templateWith({
      A: { Type: 'AWS::IAM::Role', DependsOn: 'B' },
      B: { Type: 'AWS::IAM::Role', DependsOn: ['A'] },
    });

    await expect(provisioner().provision('kes-cycle-local', template, new Map())).rejects.toThrow(
      'Stack kes-cycle-local: cannot provision A, B: circular DependsOn',
    );
  });

  it('fails on an intrinsic function the local cloud does not support', async () => {
    const template = templateWith({
      Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: { 'Fn::If': ['IsProd', 'a', 'b'] } } },
    });

    await expect(provisioner().provision('kes-if-local', template, new Map())).rejects.toBeInstanceOf(
      ProvisioningError,
    );
    await expect(provisioner().provision('kes-if-local', template, new Map())).rejects.toThrow(
      'kes-if-local.Role: Fn::If is not supported by the local cloud',
    );
  });

  it('notices a resource type it neither emulates nor knows to be inert', async () => {
    const p = provisioner();

    const queueStack = await p.provision(
      'kes-queue-local',
      templateWith({ Dlq: { Type: 'AWS::SQS::Queue' } }),
      new Map(),
    );

    expect(notices).toEqual(['kes-queue-local: AWS::SQS::Queue (Dlq) is not emulated locally']);
    expect(queueStack.notEmulated.get('AWS::SQS::Queue')).toBe(1);
  });
});
