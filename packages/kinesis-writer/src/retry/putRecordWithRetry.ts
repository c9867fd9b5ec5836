import { PutRecordCommand, type PutRecordCommandInput } from '@aws-sdk/client-kinesis';
import { PutRecordFailedError } from '../errors';
import type { PutInput, PutRecordClient, PutResult, RetryEvent, RetryOptions } from '../types';
import { backoffDelay } from './backoffDelay';
import { errorCodeOf } from './errorCodeOf';
import { isRetryableError } from './isRetryableError';

/** What one record's PutRecord loop needs from the writer. */
export interface PutRecordContext {
  client: PutRecordClient;
  stream: { StreamName?: string; StreamARN?: string };
  retry: RetryOptions;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Called just before each PutRecord call. */
  onAttempt: (attempt: number) => void;
  /** Called after a retryable failure, before the backoff. */
  onRetry: (event: RetryEvent) => void;
}

const requestFor = (input: PutInput, stream: PutRecordContext['stream'], previous: string | undefined) => {
  const request: PutRecordCommandInput = { ...stream, PartitionKey: input.partitionKey, Data: input.data };
  if (input.explicitHashKey !== undefined) request.ExplicitHashKey = input.explicitHashKey;
  if (previous !== undefined) request.SequenceNumberForOrdering = previous;
  return request;
};

/**
 * Sends one record with PutRecord until Kinesis acknowledges it, retrying retryable errors with backoff
 * and full jitter; throws {@link PutRecordFailedError} on a non-retryable error or when the attempts run
 * out (it throws nothing else). Every attempt carries the same `SequenceNumberForOrdering` (the key's previous acknowledged
 * sequence number), and the caller sends nothing else for the key meanwhile, so a retry cannot reorder.
 *
 * @example
 * const result = await putRecordWithRetry({ partitionKey: 'post-1', data }, previousSequenceNumber, context);
 */
export const putRecordWithRetry = async (
  input: PutInput,
  sequenceNumberForOrdering: string | undefined,
  context: PutRecordContext,
): Promise<PutResult> => {
  const request = requestFor(input, context.stream, sequenceNumberForOrdering);
  for (let attempt = 1; ; attempt++) {
    context.onAttempt(attempt);
    let output: Awaited<ReturnType<PutRecordClient['send']>>;
    try {
      // A fresh command per attempt: SDK commands carry per-send middleware state.
      output = await context.client.send(new PutRecordCommand(request));
    } catch (error) {
      const errorCode = errorCodeOf(error);
      const retryable = isRetryableError(error);
      if (!retryable || attempt >= context.retry.maxAttempts) {
        throw new PutRecordFailedError({
          partitionKey: input.partitionKey,
          attempts: attempt,
          retryable,
          errorCode,
          cause: error,
        });
      }
      const delayMs = backoffDelay(attempt, context.retry, context.random);
      context.onRetry({ partitionKey: input.partitionKey, attempt, delayMs, errorCode, error });
      try {
        await context.sleep(delayMs);
      } catch (cause) {
        // An injected sleep may be cancelled (shutdown): the record then fails like any other.
        throw new PutRecordFailedError({
          partitionKey: input.partitionKey,
          attempts: attempt,
          retryable,
          errorCode,
          cause,
        });
      }
      continue;
    }
    if (!output.SequenceNumber || !output.ShardId) {
      // Without a sequence number the key's chain cannot continue; treat it as a failure, not a success.
      const cause = new Error('PutRecord answered without SequenceNumber or ShardId');
      throw new PutRecordFailedError({
        partitionKey: input.partitionKey,
        attempts: attempt,
        retryable: false,
        errorCode: 'MalformedResponse',
        cause,
      });
    }
    return { sequenceNumber: output.SequenceNumber, shardId: output.ShardId, attempts: attempt };
  }
};
