import { type InvokeResult, MAX_PAYLOAD_BYTES } from '../esm/LambdaInvoker';
import type { AttemptOutcome } from '../events/AsyncInvoker';
import { LambdaApiError } from './errors';
import { functionArnOf, resolveFunction } from './resolveFunction';
import type { LocalFunction } from './types';

/** Lambda's payload limit for asynchronous (Event) invocations: 1 MB since October 2025. */
export const MAX_ASYNC_PAYLOAD_BYTES = 1024 * 1024;

const INVOCATION_TYPES = ['RequestResponse', 'Event', 'DryRun'] as const;
export type InvocationType = (typeof INVOCATION_TYPES)[number];

export interface InvokeDeps {
  functions: () => Iterable<LocalFunction>;
  invoke: (functionName: string, payload: unknown) => Promise<InvokeResult>;
  /**
   * Lambda's asynchronous invocation with its retries (the local cloud's `AsyncInvoker`); without it an
   * `Event` invocation runs once.
   */
  invokeAsync?: (
    functionName: string,
    payload: unknown,
    onOutcome: (outcome: AttemptOutcome) => void,
  ) => Promise<InvokeResult>;
  log?: (message: string) => void;
}

/** An HTTP answer of the Invoke API. */
export interface InvokeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Lambda's Invoke (`POST /2015-03-31/functions/{FunctionName}/invocations`) over the local invoker:
 * - `RequestResponse` (default): 200 with the function's response; a function error is still a 200, with
 *   `X-Amz-Function-Error: Unhandled` and `{ errorType, errorMessage, trace }` as the payload;
 * - `Event`: 202 at once, the invocation runs in the background; with `invokeAsync` a failed one is
 *   retried as Lambda retries asynchronous invocations (twice after a function error, 1 then 2 minutes
 *   apart), every failed attempt logged;
 * - `DryRun`: 204 when the function exists.
 * An unknown function is a ResourceNotFoundException; a body that is not JSON an InvalidRequestContentException.
 */
export const invokeFunction = async (
  deps: InvokeDeps,
  reference: string,
  invocationType: string | undefined,
  body: Buffer,
): Promise<InvokeAnswer> => {
  const type = (invocationType ?? 'RequestResponse') as InvocationType;
  if (!INVOCATION_TYPES.includes(type)) {
    throw new LambdaApiError(
      'InvalidParameterValueException',
      `1 validation error detected: Value '${invocationType}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`,
    );
  }
  const fn = resolveFunction(deps.functions(), reference);
  if (!fn)
    throw new LambdaApiError('ResourceNotFoundException', `Function not found: ${functionArnOf(reference)}`);
  const headers = { 'x-amz-executed-version': '$LATEST' };
  if (type === 'DryRun') return { status: 204, headers, body: '' };

  const limit = type === 'Event' ? MAX_ASYNC_PAYLOAD_BYTES : MAX_PAYLOAD_BYTES;
  if (body.length > limit) {
    throw new LambdaApiError(
      'RequestTooLargeException',
      `Request must be smaller than ${limit} bytes for the ${type} invocation type`,
    );
  }
  const payload = parsePayload(body);
  if (type === 'Event') {
    const logAttempt = ({ attempt, result, retryInMs }: AttemptOutcome) => {
      if (result.ok) return;
      const next = retryInMs === undefined ? 'not retried' : `retry in ${Math.round(retryInMs / 1000)} s`;
      deps.log?.(
        `${fn.functionName}: async invocation failed (attempt ${attempt}, ${next}): ${result.errorType}: ${result.errorMessage}`,
      );
    };
    const started = deps.invokeAsync
      ? deps.invokeAsync(fn.functionName, payload, logAttempt)
      : deps.invoke(fn.functionName, payload).then((result) => {
          logAttempt({ functionName: fn.functionName, attempt: 1, result });
          return result;
        });
    void started.catch((error: Error) =>
      deps.log?.(`${fn.functionName}: async invocation failed: ${error.message}`),
    );
    return { status: 202, headers, body: '' };
  }

  const result = await deps.invoke(fn.functionName, payload);
  if (result.ok) return { status: 200, headers, body: JSON.stringify(result.payload ?? null) };
  if (result.errorType === 'ServiceException')
    throw new LambdaApiError('ServiceException', result.errorMessage);
  return {
    status: 200,
    headers: { ...headers, 'x-amz-function-error': 'Unhandled' },
    body: JSON.stringify({ errorType: result.errorType, errorMessage: result.errorMessage, trace: [] }),
  };
};

const parsePayload = (body: Buffer): unknown => {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new LambdaApiError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
    );
  }
};
