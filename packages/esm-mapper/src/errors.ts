/**
 * Base class of every error this package throws; `code` is stable and safe to branch on.
 *
 * @example
 * if (isEsmMapperError(error) && error.code === 'INVALID_PROPERTIES') answerFailed(error.message);
 */
export class EsmMapperError extends Error {
  public readonly code: string;

  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EsmMapperError';
    this.code = code;
  }
}

/** The custom resource's properties do not describe a valid event-source mapping; nothing was called. */
export class InvalidPropertiesError extends EsmMapperError {
  /** One line per problem: `BatchSize: expected an integer, got "abc"`. */
  public readonly issues: string[];

  public constructor(issues: string[]) {
    super('INVALID_PROPERTIES', `Invalid Custom::EventSourceMapping properties: ${issues.join('; ')}`);
    this.name = 'InvalidPropertiesError';
    this.issues = issues;
  }
}

/** The function's remaining time (less the margin kept to answer CloudFormation) ran out. */
export class TimeBudgetExceededError extends EsmMapperError {
  public readonly operation: string;
  public readonly attempts: number;

  public constructor(operation: string, attempts: number, cause?: unknown) {
    const last = cause === undefined ? '' : `; last error: ${describeError(cause)}`;
    super(
      'TIME_BUDGET_EXCEEDED',
      `${operation} did not succeed before the function's time ran out (${attempts} attempt${attempts === 1 ? '' : 's'}${last})`,
      { cause },
    );
    this.name = 'TimeBudgetExceededError';
    this.operation = operation;
    this.attempts = attempts;
  }
}

/** A Lambda API call failed with an error that retrying cannot fix. */
export class MappingOperationError extends EsmMapperError {
  public readonly operation: string;

  public constructor(operation: string, cause: unknown) {
    super('OPERATION_FAILED', `${operation} failed: ${describeError(cause)}`, { cause });
    this.name = 'MappingOperationError';
    this.operation = operation;
  }
}

/** The answer could not be delivered to CloudFormation's ResponseURL after every attempt. */
export class ResponseDeliveryError extends EsmMapperError {
  public constructor(attempts: number, cause: unknown) {
    super(
      'RESPONSE_NOT_DELIVERED',
      `Could not PUT the response to the ResponseURL (${attempts} attempts): ${describeError(cause)}`,
      { cause },
    );
    this.name = 'ResponseDeliveryError';
  }
}

/** Whether a value is an error of this package. */
export const isEsmMapperError = (error: unknown): error is EsmMapperError => error instanceof EsmMapperError;

/** `Name: message` of an SDK or other error, for a CloudFormation Reason or a log line. */
export const describeError = (error: unknown): string => {
  if (error instanceof Error) {
    return error.name && error.name !== 'Error' && !error.message.startsWith(error.name)
      ? `${error.name}: ${error.message}`
      : error.message;
  }
  return String(error);
};
