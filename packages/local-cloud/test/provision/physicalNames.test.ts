import {
  generatedBucketName,
  generatedId,
  generatedName,
  generatedUuid,
} from '../../src/provision/physicalNames';

const LONG_STACK = `kes-${'very-long-service-name-'.repeat(8)}local`;

describe('generatedName', () => {
  it('is <stack>-<logicalId>-<12-character suffix>, like the names CloudFormation generates', () => {
    expect(generatedName('kes-posts-local', 'PostsStream')).toMatch(
      /^kes-posts-local-PostsStream-[0-9A-F]{12}$/,
    );
  });

  it('is the same for the same stack and logical id (a restart finds its resources again)', () => {
    expect(generatedName('kes-posts-local', 'PostsStream')).toBe(
      generatedName('kes-posts-local', 'PostsStream'),
    );
  });

  it('differs between logical ids and between stacks', () => {
    const names = new Set([
      generatedName('kes-posts-local', 'PostsStream'),
      generatedName('kes-posts-local', 'ClapsStream'),
      generatedName('kes-claps-local', 'PostsStream'),
    ]);

    expect(names.size).toBe(3);
  });

  it('does not confuse stack/logical id pairs that concatenate to the same text', () => {
    expect(generatedName('a-b', 'c')).not.toBe(generatedName('a', 'b-c'));
  });

  it.each([64, 128, 255])('fits within %i characters, keeping the whole suffix', (maxLength) => {
    const name = generatedName(LONG_STACK, 'AVeryLongLogicalIdForAResource'.repeat(4), maxLength);

    expect(name.length).toBeLessThanOrEqual(maxLength);
    expect(name).toMatch(/-[0-9A-F]{12}$/);
    expect(name.startsWith(LONG_STACK.slice(0, 20))).toBe(true);
  });

  it('keeps to characters valid in stream, table and function names', () => {
    expect(generatedName(LONG_STACK, 'ProjectorLambdaFunction', 64)).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('generatedBucketName', () => {
  it('is a valid S3 bucket name: 3–63 lowercase letters, digits and hyphens, starting and ending alphanumeric', () => {
    for (const [stack, logicalId] of [
      ['kes-posts-local', 'DeadLetterBucket'],
      [LONG_STACK, 'ArchiveBucketForEveryEventEverWritten'],
      ['Kes_Posts.Local', 'Bucket_1'],
    ] as const) {
      const name = generatedBucketName(stack, logicalId);

      expect(name.length).toBeGreaterThanOrEqual(3);
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
    }
  });

  it('is deterministic and lower-cased', () => {
    expect(generatedBucketName('kes-posts-local', 'DeadLetterBucket')).toBe(
      generatedBucketName('kes-posts-local', 'DeadLetterBucket'),
    );
    expect(generatedBucketName('kes-posts-local', 'DeadLetterBucket')).toMatch(
      /^kes-posts-local-deadletterbucket-[0-9a-f]{12}$/,
    );
  });
});

describe('generatedId', () => {
  it("is a stable 10-character lowercase alphanumeric id, in API Gateway's style", () => {
    const id = generatedId('kes-posts-local', 'HttpApi');

    expect(id).toMatch(/^[0-9a-z]{10}$/);
    expect(generatedId('kes-posts-local', 'HttpApi')).toBe(id);
    expect(generatedId('kes-posts-local', 'HttpApiAuthorizer')).not.toBe(id);
  });

  it('takes another length', () => {
    expect(generatedId('kes-posts-local', 'HttpApi', 6)).toMatch(/^[0-9a-z]{6}$/);
  });
});

describe('generatedUuid', () => {
  it('is a stable version-4-shaped UUID per stack and logical id', () => {
    const uuid = generatedUuid('kes-posts-local', 'ProjectorEventSourceMapping');

    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(generatedUuid('kes-posts-local', 'ProjectorEventSourceMapping')).toBe(uuid);
    expect(generatedUuid('kes-claps-local', 'ProjectorEventSourceMapping')).not.toBe(uuid);
  });
});
