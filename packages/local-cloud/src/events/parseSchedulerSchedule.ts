import { ProvisioningError } from '../provision/errors';
import { checkJsonInput, lambdaFunctionName, parseExpression, type ResourceContext } from './parseEventsRule';
import type { ScheduleDefinition } from './types';
import { isKnownTimeZone } from './zonedTime';

interface SchedulerTargetProps {
  Arn?: string;
  Input?: string;
}

const instant = (value: unknown, where: string, property: string): number | undefined => {
  if (value === undefined) return undefined;
  const ms = Date.parse(String(value));
  if (Number.isNaN(ms))
    throw new ProvisioningError('INVALID_SCHEDULE', `${where}: ${property} "${String(value)}" is not a date`);
  return ms;
};

/**
 * An `AWS::Scheduler::Schedule` (EventBridge Scheduler; `method: scheduler` in serverless.yml), properties
 * resolved: `rate`, `cron` and one-time `at` expressions in `ScheduleExpressionTimezone`, `State`,
 * `StartDate` / `EndDate`, a FLEXIBLE time window, a Lambda target with its `Input`. A target that is not a
 * Lambda function is named, not run (undefined).
 */
export const parseSchedulerSchedule = (
  props: Record<string, unknown>,
  ctx: ResourceContext,
): ScheduleDefinition | undefined => {
  const where = `${ctx.stackName}: AWS::Scheduler::Schedule ${ctx.logicalId}`;
  const expression = parseExpression(props.ScheduleExpression, where, { allowAt: true });
  const timeZone =
    props.ScheduleExpressionTimezone === undefined ? undefined : String(props.ScheduleExpressionTimezone);
  if (timeZone && !isKnownTimeZone(timeZone))
    throw new ProvisioningError(
      'INVALID_SCHEDULE',
      `${where}: ScheduleExpressionTimezone "${timeZone}" is not a time zone`,
    );
  const target = (props.Target ?? {}) as SchedulerTargetProps;
  const functionName = lambdaFunctionName(String(target.Arn ?? ''));
  if (!functionName) {
    ctx.notice(`${where}: its target (${target.Arn}) is not a Lambda function: not invoked locally`);
    return undefined;
  }
  const input = checkJsonInput(target.Input, where);
  const window = props.FlexibleTimeWindow as { Mode?: string; MaximumWindowInMinutes?: unknown } | undefined;
  const flexibleWindowMinutes = window?.Mode === 'FLEXIBLE' ? Number(window.MaximumWindowInMinutes ?? 0) : 0;
  const startMs = instant(props.StartDate, where, 'StartDate');
  const endMs = instant(props.EndDate, where, 'EndDate');
  return {
    kind: 'scheduler',
    stackName: ctx.stackName,
    logicalId: ctx.logicalId,
    name: ctx.name,
    arn: ctx.arn,
    expression,
    enabled: props.State === undefined || props.State === 'ENABLED',
    targets: [
      {
        id: ctx.name,
        functionName,
        functionArn: String(target.Arn),
        ...(input === undefined ? {} : { input }),
      },
    ],
    ...(timeZone ? { timeZone } : {}),
    ...(startMs === undefined ? {} : { startMs }),
    ...(endMs === undefined ? {} : { endMs }),
    ...(flexibleWindowMinutes > 0 ? { flexibleWindowMinutes } : {}),
  };
};
