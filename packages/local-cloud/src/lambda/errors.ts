/** The Lambda API errors the local endpoint answers with, as `@aws-sdk/client-lambda` models them. */
export type LambdaErrorCode =
  | 'InvalidParameterValueException'
  | 'InvalidRequestContentException'
  | 'RequestTooLargeException'
  | 'ResourceConflictException'
  | 'ResourceInUseException'
  | 'ResourceNotFoundException'
  | 'TooManyRequestsException'
  | 'ServiceException'
  | 'UnknownOperationException';

/** HTTP status and the casing of the message member in each error's model (AWS sends that one). */
const WIRE: Record<LambdaErrorCode, { status: number; messageField: 'message' | 'Message' }> = {
  InvalidParameterValueException: { status: 400, messageField: 'message' },
  InvalidRequestContentException: { status: 400, messageField: 'message' },
  RequestTooLargeException: { status: 413, messageField: 'message' },
  ResourceConflictException: { status: 409, messageField: 'message' },
  ResourceInUseException: { status: 400, messageField: 'Message' },
  ResourceNotFoundException: { status: 404, messageField: 'Message' },
  TooManyRequestsException: { status: 429, messageField: 'message' },
  ServiceException: { status: 500, messageField: 'Message' },
  UnknownOperationException: { status: 404, messageField: 'Message' },
};

/** `TooManyRequestsException.Reason` values the local endpoint uses (a subset of the SDK's enum). */
export type ThrottleReason = 'CallerRateLimitExceeded';

/**
 * An error of the local Lambda API. `code` is the modeled exception name the SDK turns into its class
 * (`x-amzn-ErrorType` header); the body carries `Type` and the message as AWS sends them.
 *
 * @example
 * throw new LambdaApiError('ResourceNotFoundException', 'The resource you requested does not exist.');
 */
export class LambdaApiError extends Error {
  public readonly code: LambdaErrorCode;
  /** For TooManyRequestsException: the `Retry-After` header (seconds) and `Reason`. */
  public readonly retryAfterSeconds: number | undefined;
  public readonly reason: ThrottleReason | undefined;

  public constructor(
    code: LambdaErrorCode,
    message: string,
    options: { retryAfterSeconds?: number; reason?: ThrottleReason; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LambdaApiError';
    this.code = code;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.reason = options.reason;
  }

  public get status(): number {
    return WIRE[this.code].status;
  }

  /** The JSON body AWS answers with. */
  public body(): Record<string, string> {
    return {
      Type: this.code === 'ServiceException' ? 'Service' : 'User',
      [WIRE[this.code].messageField]: this.message,
      ...(this.reason ? { Reason: this.reason } : {}),
    };
  }

  public headers(): Record<string, string> {
    return {
      'x-amzn-errortype': this.code,
      ...(this.retryAfterSeconds !== undefined ? { 'retry-after': String(this.retryAfterSeconds) } : {}),
    };
  }
}

export const isLambdaApiError = (error: unknown, code?: LambdaErrorCode): error is LambdaApiError =>
  error instanceof LambdaApiError && (code === undefined || error.code === code);

/** InvalidParameterValueException: the shortest way to reject a request. */
export const invalidParameter = (message: string): LambdaApiError =>
  new LambdaApiError('InvalidParameterValueException', message);
