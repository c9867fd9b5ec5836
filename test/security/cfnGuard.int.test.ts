import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { oneAtATimePerFolder } from '@kes/local-cloud';
import { load } from 'js-yaml';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const guardPackage = join(root, 'node_modules', '@cdklabs', 'cdk-validator-cfnguard');
const rulesDir = join(guardPackage, 'rules', 'control-tower', 'cfn-guard');

/** The AWS Control Tower proactive controls of SECURITY.md, as AWS's own cfn-guard rules. */
const CONTROLS = [
  'apigateway/ct-apigateway-pr-4',
  'apigateway/ct-apigateway-pr-5',
  'cloudwatch/ct-cloudwatch-pr-1',
  'cloudwatch/ct-cloudwatch-pr-4',
  'dynamodb/ct-dynamodb-pr-1',
  'dynamodb/ct-dynamodb-pr-2',
  'identityandaccessmanagement/ct-iam-pr-1',
  'identityandaccessmanagement/ct-iam-pr-2',
  'identityandaccessmanagement/ct-iam-pr-3',
  'identityandaccessmanagement/ct-iam-pr-5',
  'keymanagementservice/ct-kms-pr-1',
  'keymanagementservice/ct-kms-pr-3',
  'kinesis/ct-kinesis-pr-1',
  'lambda/ct-lambda-pr-2',
  'lambda/ct-lambda-pr-5',
  'lambda/ct-lambda-pr-6',
  's3/ct-s3-pr-1',
  's3/ct-s3-pr-3',
  's3/ct-s3-pr-5',
  's3/ct-s3-pr-6',
  's3/ct-s3-pr-8',
  's3/ct-s3-pr-10',
  's3/ct-s3-pr-11',
  'sqs/ct-sqs-pr-1',
  'sqs/ct-sqs-pr-2',
];

const guardBinary = (): string => {
  const os = process.platform === 'darwin' ? 'macos' : 'ubuntu';
  const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
  return join(guardPackage, 'bin', os, arch, 'cfn-guard');
};

const services = Object.entries(
  (
    load(readFileSync(join(root, 'serverless-compose.yml'), 'utf8')) as {
      services: Record<string, { path: string; params?: Record<string, unknown> }>;
    }
  ).services,
).map(([key, { path, params = {} }]) => ({ key, path, params }));

/** Runs one rule file on one template; returns cfn-guard's report when the template fails it. */
const violations = async (template: string, control: string): Promise<string | undefined> => {
  try {
    await run(guardBinary(), [
      'validate',
      '--data',
      template,
      '--rules',
      join(rulesDir, `${control}.guard`),
      '--show-summary',
      'none',
    ]);
    return undefined;
  } catch (error) {
    const { code, stdout } = error as { code?: number; stdout?: string };
    // Exit 19: the template fails the rule; anything else is cfn-guard failing to run.
    if (code !== 19) throw error;
    return stdout ?? '';
  }
};

describe('security baseline: every packaged template passes the AWS Control Tower guard rules', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'kes-guard-'));
  const templates = new Map<string, string>();

  beforeAll(async () => {
    // As `serverless deploy` packages them: stage dev, the deploying account known. Entries of one folder
    // (one ingestion deployment per provider) one after another, as compose deploys them: two
    // `serverless package` runs in one folder at once have failed without a message.
    await oneAtATimePerFolder(
      services,
      ({ path }) => join(root, path),
      async ({ key, path, params }) => {
        const target = join(outDir, key);
        const template = join(target, 'cloudformation-template-update-stack.json');
        // Each compose entry with its params (one ingestion deployment per provider), bundled into its own
        // esbuild work folder: nothing else packaging the same service at the same time (another entry of
        // the same path, a local cloud of another test) can clean the bundles from under it.
        const { stdout, stderr } = await run(
          join(root, 'node_modules', '.bin', 'serverless'),
          [
            'package',
            '--stage',
            'dev',
            '--package',
            target,
            ...Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${String(value)}`]),
          ],
          {
            cwd: join(root, path),
            env: {
              ...process.env,
              AWS_ACCOUNT_ID: '123456789012',
              KES_ESBUILD_WORK_FOLDER: `.esbuild-guard-${key}-${process.pid}`,
            },
          },
        );
        if (!existsSync(template)) {
          throw new Error(`serverless package wrote no template for ${key}:\n${stdout}\n${stderr}`);
        }
        templates.set(key, template);
      },
    );
  }, 300_000);

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
    for (const { key, path } of services) {
      rmSync(join(root, path, `.esbuild-guard-${key}-${process.pid}`), { recursive: true, force: true });
    }
  });

  it('has every rule file this test names, and the cfn-guard binary', () => {
    expect(existsSync(guardBinary())).toBe(true);
    for (const control of CONTROLS) expect(existsSync(join(rulesDir, `${control}.guard`))).toBe(true);
  });

  it.each(services.map(({ key }) => key))('%s passes every control', async (key) => {
    const template = templates.get(key) as string;
    const failures: string[] = [];
    for (const control of CONTROLS) {
      const report = await violations(template, control);
      if (report !== undefined) failures.push(`${control}:\n${report.slice(0, 1500)}`);
    }
    expect(failures).toEqual([]);
  });

  it('catches a violation (the check can fail): an unencrypted stream fails CT.KINESIS.PR.1', async () => {
    const template = JSON.parse(readFileSync(templates.get('platform') as string, 'utf8'));
    const stream = Object.values(
      template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    ).find((resource) => resource.Type === 'AWS::Kinesis::Stream');
    expect(stream).toBeDefined();
    delete stream?.Properties.StreamEncryption;
    const broken = join(outDir, 'broken.json');
    writeFileSync(broken, JSON.stringify(template));
    expect(await violations(broken, 'kinesis/ct-kinesis-pr-1')).toBeDefined();
  });

  it('exports every name from one stack only (one ingestion stack per provider, side by side)', () => {
    const exporters = new Map<string, string[]>();
    for (const [key, file] of templates) {
      const outputs = (JSON.parse(readFileSync(file, 'utf8')).Outputs ?? {}) as Record<
        string,
        { Export?: { Name: unknown } }
      >;
      for (const output of Object.values(outputs)) {
        if (!output.Export) continue;
        const name = JSON.stringify(output.Export.Name);
        exporters.set(name, [...(exporters.get(name) ?? []), key]);
      }
    }
    expect([...exporters].filter(([, keys]) => keys.length > 1)).toEqual([]);
  });

  it('packages every service listed in serverless-compose.yml', () => {
    const servicesOnDisk = readdirSync(join(root, 'services'));
    for (const { path } of services) expect(servicesOnDisk).toContain(normalize(path).split(sep)[1]);
    expect(services.length).toBeGreaterThanOrEqual(3);
  });
});
