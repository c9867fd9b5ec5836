import type { ScheduleExpression } from './ScheduleExpression';

/** EventBridge's InputTransformer: values picked from the event by JSONPath, put into a template. */
export interface InputTransformer {
  inputPathsMap: Record<string, string>;
  inputTemplate: string;
}

/** A Lambda function a schedule invokes, with what it sends (the event itself unless one of these is set). */
export interface ScheduleTarget {
  /** The target's `Id` in the rule (Scheduler schedules have one target, `Id` = the schedule's name). */
  id: string;
  functionName: string;
  functionArn: string;
  /** A constant JSON text sent instead of the event. */
  input?: string;
  /** JSONPath (`$.detail`) of the part of the event to send (rules only). */
  inputPath?: string;
  inputTransformer?: InputTransformer;
}

/**
 * An `AWS::Events::Rule` with a `ScheduleExpression` (the default bus's scheduled rules) or an
 * `AWS::Scheduler::Schedule`, resolved from a template, with its Lambda targets.
 */
export interface ScheduleDefinition {
  kind: 'rule' | 'scheduler';
  stackName: string;
  logicalId: string;
  /** The rule's or schedule's physical name. */
  name: string;
  arn: string;
  expression: ScheduleExpression;
  /** `State: DISABLED` schedules are provisioned and listed, never run by the clock. */
  enabled: boolean;
  targets: ScheduleTarget[];
  /** Scheduler only: the IANA zone its cron and at expressions are read in (rules: always UTC). */
  timeZone?: string;
  /** Scheduler only: no run before StartDate (a rate counts from it) or after EndDate (epoch ms). */
  startMs?: number;
  endMs?: number;
  /** Scheduler only: `FlexibleTimeWindow` FLEXIBLE — each run happens at a random time within this many minutes. */
  flexibleWindowMinutes?: number;
}

/** A function's `AWS::Lambda::EventInvokeConfig`: how Lambda retries its asynchronous invocations. */
export interface AsyncInvokeConfig {
  functionName: string;
  /** 0–2; Lambda's default 2. */
  maximumRetryAttempts?: number;
  /** 60–21,600; Lambda's default 21,600 (6 hours). */
  maximumEventAgeInSeconds?: number;
}
