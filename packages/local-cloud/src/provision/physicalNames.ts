import { createHash } from 'node:crypto';

const hash = (...parts: string[]): string => createHash('sha256').update(parts.join('/')).digest('hex');

/**
 * A name like the one CloudFormation generates for a resource without an explicit name
 * (`<stack>-<logicalId>-<suffix>`), but deterministic, so a restart of the local cloud finds the
 * resources it created before.
 */
export const generatedName = (stackName: string, logicalId: string, maxLength = 128): string => {
  const suffix = hash(stackName, logicalId).slice(0, 12).toUpperCase();
  const head = `${stackName}-${logicalId}`.slice(0, maxLength - suffix.length - 1);
  return `${head}-${suffix}`;
};

/** S3 bucket names: lowercase, 3–63 characters. */
export const generatedBucketName = (stackName: string, logicalId: string): string =>
  generatedName(stackName, logicalId, 63)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-');

/** A stable id (API, authorizer, integration, route) in API Gateway's 10-character style. */
export const generatedId = (stackName: string, logicalId: string, length = 10): string =>
  BigInt(`0x${hash(stackName, logicalId)}`)
    .toString(36)
    .slice(0, length);

/** A stable UUID for an event-source mapping. */
export const generatedUuid = (stackName: string, logicalId: string): string => {
  const h = hash('esm', stackName, logicalId);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
