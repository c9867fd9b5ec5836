// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub templates are CloudFormation strings with ${...} placeholders, not JS templates
import type { Template } from '../../src/provision/types';

export const MEMBERS_STREAM_EXPORT = 'kes-members-local-MembersStreamArn';
export const MEMBERS_STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/kes-members-local-members';
export const FILTER_PATTERN = JSON.stringify({ data: { type: ['PostPublished'] } });
export const ACCESS_LOG_FORMAT = '{"requestId":"$context.requestId","status":"$context.status"}';
export const ISSUER = 'https://auth.kes.local';

/**
 * A small template as `serverless package` writes one: a two-shard stream, a table with a stream and a
 * GSI, a bucket without a name, two functions, two mappings, an HTTP API with a JWT authorizer, an
 * integration and a route, and an IAM role. Resources are listed before what they refer to, so the
 * provisioner has to order them itself.
 */
export const postsTemplate = (): Template => ({
  Resources: {
    ProjectorEventSourceMapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      DependsOn: ['IamRoleLambdaExecution'],
      Properties: {
        EventSourceArn: { 'Fn::GetAtt': ['EventsStream', 'Arn'] },
        FunctionName: { 'Fn::GetAtt': ['ProjectorLambdaFunction', 'Arn'] },
        BatchSize: 50,
        MaximumBatchingWindowInSeconds: 1,
        StartingPosition: 'TRIM_HORIZON',
        MaximumRetryAttempts: 3,
        MaximumRecordAgeInSeconds: 3600,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        FilterCriteria: { Filters: [{ Pattern: FILTER_PATTERN }] },
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::Sub': 'arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:dlq' } },
        },
      },
    },
    OutboxEventSourceMapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        EventSourceArn: { 'Fn::GetAtt': ['PostsTable', 'StreamArn'] },
        FunctionName: { Ref: 'ProjectorLambdaFunction' },
        StartingPosition: 'LATEST',
        Enabled: false,
      },
    },
    ProjectorLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        FunctionName: 'kes-posts-local-projector',
        Timeout: 30,
        Environment: {
          Variables: {
            EVENTS_STREAM: { Ref: 'EventsStream' },
            POSTS_TABLE_ARN: { 'Fn::GetAtt': ['PostsTable', 'Arn'] },
            ARCHIVE_BUCKET: { Ref: 'ArchiveBucket' },
            MEMBERS_STREAM_ARN: { 'Fn::ImportValue': MEMBERS_STREAM_EXPORT },
            REGION: { Ref: 'AWS::Region' },
            BATCH: 25,
          },
        },
        Role: { 'Fn::GetAtt': ['IamRoleLambdaExecution', 'Arn'] },
      },
    },
    GetPostLambdaFunction: {
      Type: 'AWS::Lambda::Function',
      Properties: { FunctionName: 'kes-posts-local-getPost' },
    },
    HttpApiRouteGetPostsPostidVar: {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        RouteKey: 'GET /posts/{postId}',
        Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'HttpApiIntegrationGetPost' }]] },
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: 'HttpApiAuthorizerJwt' },
      },
    },
    HttpApiIntegrationGetPost: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': ['GetPostLambdaFunction', 'Arn'] },
        PayloadFormatVersion: '2.0',
      },
    },
    HttpApiAuthorizerJwt: {
      Type: 'AWS::ApiGatewayV2::Authorizer',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: ISSUER, Audience: ['kes'] },
        Name: 'jwt',
      },
    },
    HttpApiStage: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: {
        ApiId: { Ref: 'HttpApi' },
        StageName: '$default',
        AutoDeploy: true,
        AccessLogSettings: {
          DestinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:x',
          Format: ACCESS_LOG_FORMAT,
        },
      },
    },
    HttpApi: {
      Type: 'AWS::ApiGatewayV2::Api',
      Properties: { Name: 'local-kes-posts', ProtocolType: 'HTTP' },
    },
    EventsStream: {
      Type: 'AWS::Kinesis::Stream',
      Properties: { ShardCount: 2, RetentionPeriodHours: 24 },
    },
    PostsTable: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'authorId', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byAuthor',
            KeySchema: [{ AttributeName: 'authorId', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        SSESpecification: { SSEEnabled: { Ref: 'AWS::NoValue' } },
      },
    },
    ArchiveBucket: { Type: 'AWS::S3::Bucket', Properties: {} },
    IamRoleLambdaExecution: {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: {}, RoleName: { 'Fn::Sub': '${AWS::StackName}-lambda' } },
    },
  },
  Outputs: {
    EventsStreamArn: {
      Value: { 'Fn::GetAtt': ['EventsStream', 'Arn'] },
      Export: { Name: { 'Fn::Sub': '${AWS::StackName}-EventsStreamArn' } },
    },
    PostsTableName: {
      Value: { Ref: 'PostsTable' },
      Export: { Name: 'kes-posts-local-PostsTableName' },
    },
    ArchiveBucketName: { Value: { Ref: 'ArchiveBucket' } },
  },
});

/** The exports of the stacks the posts stack imports from. */
export const importedExports = (): Map<string, string> =>
  new Map([[MEMBERS_STREAM_EXPORT, MEMBERS_STREAM_ARN]]);
