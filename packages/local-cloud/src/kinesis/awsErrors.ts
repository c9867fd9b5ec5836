import { randomUUID } from 'node:crypto';
import type { InjectedError } from './faults';
import type { BackendResponse } from './KinesaliteBackend';

/** An error as Kinesis answers it: HTTP status, `__type` code and message. */
export type KinesisError = InjectedError;

/** AWS's answer to a call (or PutRecords entry) over a shard's limits. */
export const rateExceeded = (shardId: string, streamName: string, accountId: string): KinesisError => ({
  status: 400,
  code: 'ProvisionedThroughputExceededException',
  message: `Rate exceeded for shard ${shardId} in stream ${streamName} under account ${accountId}.`,
});

/** One failed constraint of a ValidationException, in AWS's (Coral) wording. */
export const constraintFailure = (value: string, path: string, constraint: string): string =>
  `Value '${value}' at '${path}' failed to satisfy constraint: ${constraint}`;

/** How AWS shows a blob in a validation message. */
export const blobValue = (length: number): string =>
  `java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]`;

/** A ValidationException listing up to 10 failed constraints, as AWS does. */
export const validationException = (failures: string[]): KinesisError => {
  const shown = failures.slice(0, 10);
  return {
    status: 400,
    code: 'ValidationException',
    message: `${shown.length} validation error${shown.length > 1 ? 's' : ''} detected: ${shown.join('; ')}`,
  };
};

export const invalidArgument = (message: string): KinesisError => ({
  status: 400,
  code: 'InvalidArgumentException',
  message,
});

export const resourceNotFound = (message: string): KinesisError => ({
  status: 400,
  code: 'ResourceNotFoundException',
  message,
});

/** The HTTP response for an error, in the request's content type (JSON 1.1 for the AWS SDK). */
export const errorResponse = (error: KinesisError, contentType: string | undefined): BackendResponse =>
  jsonResponse(error.status, { __type: error.code, message: error.message }, contentType, {
    'x-amzn-errortype': error.code,
  });

/** A JSON response made by the front. */
export const jsonResponse = (
  status: number,
  body: unknown,
  contentType: string | undefined,
  headers: Record<string, string> = {},
): BackendResponse => ({
  status,
  headers: {
    'content-type': contentType || 'application/x-amz-json-1.1',
    'x-amzn-requestid': randomUUID(),
    ...headers,
  },
  body: Buffer.from(JSON.stringify(body)),
});
