import type { ResolveContext } from '../../src/provision/resolveIntrinsics';
import type { PhysicalResource } from '../../src/provision/types';

export const STACK_NAME = 'kes-posts-local';

/** The context of a stack in which `resources` are already provisioned and `exports` imported. */
export const resolveContext = (
  fields: {
    resources?: Record<string, PhysicalResource>;
    exports?: Record<string, string>;
    parameters?: Record<string, string>;
  } = {},
): ResolveContext => ({
  stackName: STACK_NAME,
  region: 'us-east-1',
  accountId: '000000000000',
  partition: 'aws',
  resources: new Map(Object.entries(fields.resources ?? {})),
  exports: new Map(Object.entries(fields.exports ?? {})),
  ...(fields.parameters ? { parameters: new Map(Object.entries(fields.parameters)) } : {}),
});

/** Resources most tests resolve against: a stream, a table with a stream, a function. */
export const provisioned: Record<string, PhysicalResource> = {
  PostsStream: {
    ref: 'kes-posts-local-PostsStream-ABC',
    attributes: { Arn: 'arn:aws:kinesis:us-east-1:000000000000:stream/kes-posts-local-PostsStream-ABC' },
  },
  PostsTable: {
    ref: 'posts',
    attributes: {
      Arn: 'arn:aws:dynamodb:ddblocal:000000000000:table/posts',
      StreamArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/posts/stream/2026-01-01T00:00:00.000',
    },
  },
  ProjectorLambdaFunction: {
    ref: 'kes-posts-local-projector',
    attributes: { Arn: 'arn:aws:lambda:us-east-1:000000000000:function:kes-posts-local-projector' },
  },
};
