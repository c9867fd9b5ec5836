import { ScheduleExpression } from '../../src/events/ScheduleExpression';
import type { ScheduleDefinition } from '../../src/events/types';

/** A scheduled rule of the stack `kes-test-local` invoking `functionName`, as parseEventsRule returns one. */
export const scheduleDefinition = (
  name: string,
  expression: string,
  functionName = `kes-test-local-${name}`,
  extra: Partial<ScheduleDefinition> = {},
): ScheduleDefinition => ({
  kind: 'rule',
  stackName: 'kes-test-local',
  logicalId: `${name}Rule`,
  name,
  arn: `arn:aws:events:us-east-1:000000000000:rule/${name}`,
  expression: ScheduleExpression.parse(expression, { allowAt: true }),
  enabled: true,
  targets: [
    {
      id: `${name}Target`,
      functionName,
      functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    },
  ],
  ...extra,
});
