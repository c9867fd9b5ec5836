import { ProvisioningError } from '../provision/errors';
import { isScheduleExpressionError } from './errors';
import { ScheduleExpression } from './ScheduleExpression';
import type { InputTransformer, ScheduleDefinition, ScheduleTarget } from './types';

export interface ResourceContext {
  stackName: string;
  logicalId: string;
  /** The resource's physical name (its `Name`, or the one CloudFormation would generate). */
  name: string;
  arn: string;
  notice: (message: string) => void;
}

/** `arn:aws:lambda:…:function:name[:qualifier]` → `name`; anything else → undefined. */
export const lambdaFunctionName = (arn: string): string | undefined =>
  arn.includes(':function:') ? arn.split(':function:')[1]?.split(':')[0] : undefined;

/** Parses the expression, naming the resource in the error as CloudFormation would fail the stack. */
export const parseExpression = (
  text: unknown,
  where: string,
  options: { allowAt?: boolean } = {},
): ScheduleExpression => {
  try {
    return ScheduleExpression.parse(String(text), options);
  } catch (error) {
    if (!isScheduleExpressionError(error)) throw error;
    throw new ProvisioningError('INVALID_SCHEDULE_EXPRESSION', `${where}: ${error.message}`, {
      cause: error,
    });
  }
};

/** A constant `Input` must be JSON for a Lambda target (EventBridge refuses anything else). */
export const checkJsonInput = (input: unknown, where: string): string | undefined => {
  if (input === undefined) return undefined;
  try {
    JSON.parse(String(input));
  } catch (error) {
    throw new ProvisioningError(
      'INVALID_TARGET_INPUT',
      `${where}: Input is not valid JSON: ${String(input)}`,
      {
        cause: error,
      },
    );
  }
  return String(input);
};

interface RuleTargetProps {
  Id?: string;
  Arn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate?: string };
}

/**
 * An `AWS::Events::Rule` (properties resolved) as the local cloud runs it: only scheduled rules of the
 * default event bus with Lambda targets; event-pattern rules and other targets are named, not run.
 * Returns undefined when nothing of the rule can run.
 */
export const parseEventsRule = (
  props: Record<string, unknown>,
  ctx: ResourceContext,
): ScheduleDefinition | undefined => {
  const where = `${ctx.stackName}: AWS::Events::Rule ${ctx.logicalId}`;
  if (props.ScheduleExpression === undefined) {
    ctx.notice(`${where} matches events (EventPattern): event-pattern rules are not emulated locally`);
    return undefined;
  }
  const bus = props.EventBusName;
  if (bus !== undefined && bus !== 'default' && !String(bus).endsWith(':event-bus/default'))
    throw new ProvisioningError(
      'INVALID_SCHEDULED_RULE',
      `${where}: scheduled rules only run on the default event bus`,
    );
  const expression = parseExpression(props.ScheduleExpression, where);
  const targets: ScheduleTarget[] = [];
  for (const target of (props.Targets as RuleTargetProps[] | undefined) ?? []) {
    const functionName = lambdaFunctionName(String(target.Arn ?? ''));
    if (!functionName) {
      ctx.notice(
        `${where}: target ${target.Id} (${target.Arn}) is not a Lambda function: not invoked locally`,
      );
      continue;
    }
    const given = [target.Input, target.InputPath, target.InputTransformer].filter((x) => x !== undefined);
    if (given.length > 1)
      throw new ProvisioningError(
        'INVALID_TARGET_INPUT',
        `${where}: target ${target.Id} sets more than one of Input, InputPath and InputTransformer`,
      );
    const input = checkJsonInput(target.Input, `${where} target ${target.Id}`);
    const transformer: InputTransformer | undefined = target.InputTransformer
      ? {
          inputPathsMap: target.InputTransformer.InputPathsMap ?? {},
          inputTemplate: String(target.InputTransformer.InputTemplate ?? ''),
        }
      : undefined;
    targets.push({
      id: String(target.Id ?? functionName),
      functionName,
      functionArn: String(target.Arn),
      ...(input === undefined ? {} : { input }),
      ...(target.InputPath === undefined ? {} : { inputPath: String(target.InputPath) }),
      ...(transformer ? { inputTransformer: transformer } : {}),
    });
  }
  return {
    kind: 'rule',
    stackName: ctx.stackName,
    logicalId: ctx.logicalId,
    name: ctx.name,
    arn: ctx.arn,
    expression,
    // ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS only widens what a pattern matches: still enabled.
    enabled: props.State === undefined || String(props.State).startsWith('ENABLED'),
    targets,
  };
};
