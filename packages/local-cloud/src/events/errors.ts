/**
 * A `ScheduleExpression` EventBridge would refuse (`Parameter ScheduleExpression is not valid.`): the
 * message says which part is wrong and why, so the template can be fixed before it is deployed.
 */
export class ScheduleExpressionError extends Error {
  public readonly code = 'INVALID_SCHEDULE_EXPRESSION';
  public readonly expression: string;
  public readonly reason: string;

  public constructor(expression: string, reason: string) {
    super(`ScheduleExpression "${expression}" is not valid: ${reason}`);
    this.name = 'ScheduleExpressionError';
    this.expression = expression;
    this.reason = reason;
  }
}

/** Whether `error` is a {@link ScheduleExpressionError}. */
export const isScheduleExpressionError = (error: unknown): error is ScheduleExpressionError =>
  error instanceof ScheduleExpressionError;
