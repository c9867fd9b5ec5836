'use strict';
// Brings the resources the Serverless Framework generates by itself up to the security baseline our
// own resources follow (SECURITY.md, checked by test/security/cfnGuard.int.test.ts):
//  - the deployment bucket: KMS encryption, versioning with expiry of old versions, public access
//    blocked, ACLs disabled, and a TLS-only policy in the shape AWS's guard rule recognises;
//  - Lambda permissions for service principals (API Gateway) also name the source account, so a
//    function policy can never be used from another account (CT.LAMBDA.PR.2). AWS's guard rule only
//    accepts the account as a literal string: it comes from `--param accountId=...`, AWS_ACCOUNT_ID,
//    or, on `serverless deploy`, the deploying credentials; an offline `serverless package` without
//    either keeps `Ref: AWS::AccountId` (same effect once deployed) and says so.
// Runs on `serverless package`/`deploy`, after the template is compiled and before it is written.

const getAttArn = (logicalId) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });

const tlsOnlyStatement = (logicalId) => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [getAttArn(logicalId), { 'Fn::Join': ['', [getAttArn(logicalId), '/*']] }],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

const hardenDeploymentBucket = (resources) => {
  const bucket = resources.ServerlessDeploymentBucket;
  if (!bucket) return; // a user-provided deployment bucket is not in the template
  bucket.Properties ??= {};
  Object.assign(bucket.Properties, {
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [
        {
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/aws/s3' },
          BucketKeyEnabled: true,
        },
      ],
    },
    VersioningConfiguration: { Status: 'Enabled' },
    LifecycleConfiguration: {
      Rules: [
        {
          Id: 'expire-old-artifacts',
          Status: 'Enabled',
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    },
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  });
  const policy = resources.ServerlessDeploymentBucketPolicy;
  if (policy?.Properties?.PolicyDocument) {
    policy.Properties.PolicyDocument.Statement = [tlsOnlyStatement('ServerlessDeploymentBucket')];
  }
};

const scopeLambdaPermissions = (resources, accountId) => {
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::Lambda::Permission') continue;
    const principal = resource.Properties?.Principal;
    if (
      typeof principal === 'string' &&
      principal.endsWith('.amazonaws.com') &&
      !resource.Properties.SourceAccount
    ) {
      resource.Properties.SourceAccount = accountId ?? { Ref: 'AWS::AccountId' };
    }
  }
};

class BaselinePlugin {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:package:finalize': async () => {
        const template = this.serverless.service.provider.compiledCloudFormationTemplate;
        hardenDeploymentBucket(template.Resources);
        scopeLambdaPermissions(template.Resources, await this.accountId());
      },
    };
  }

  async accountId() {
    const fromParam = this.serverless.configurationInput?.params?.default?.accountId;
    const explicit = this.serverless.processedInput?.options?.param
      ?.map((entry) => /^accountId=(\d{12})$/.exec(entry)?.[1])
      .find(Boolean);
    const value = explicit ?? process.env.AWS_ACCOUNT_ID ?? fromParam;
    if (value !== undefined) {
      if (!/^\d{12}$/.test(String(value))) throw new Error(`accountId must be 12 digits, got "${value}"`);
      return String(value);
    }
    const commands = this.serverless.processedInput?.commands ?? [];
    if (commands[0] === 'deploy') return this.serverless.getProvider('aws').getAccountId();
    this.serverless.cli?.log?.(
      'kes baseline: no account id (--param accountId=... or AWS_ACCOUNT_ID); Lambda permissions use Ref AWS::AccountId',
    );
    return undefined;
  }
}

module.exports = BaselinePlugin;
