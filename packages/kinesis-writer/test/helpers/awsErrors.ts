import {
  AccessDeniedException,
  InternalFailureException,
  InvalidArgumentException,
  KMSAccessDeniedException,
  KMSDisabledException,
  KMSThrottlingException,
  LimitExceededException,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-kinesis';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

/** The error the SDK throws for an AWS error code, built the way its deserializer does when it has no class for it. */
export const awsError = (code: string, httpStatusCode = 400): Error =>
  Object.assign(new Error(`${code} (test)`), {
    name: code,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    ...metadata(httpStatusCode),
  });

/** A Node network error, as the HTTP handler surfaces it. */
export const networkError = (code: string, message = `connect ${code}`): Error =>
  Object.assign(new Error(message), { code });

export const throttled = () =>
  new ProvisionedThroughputExceededException({ message: 'Rate exceeded for shard (test)', ...metadata(400) });

/** Every error the writer must retry, by the name a test reports. */
export const retryableErrors: Array<[string, () => unknown]> = [
  ['ProvisionedThroughputExceededException', throttled],
  ['LimitExceededException', () => new LimitExceededException({ message: 'limit (test)', ...metadata(400) })],
  [
    'KMSThrottlingException',
    () => new KMSThrottlingException({ message: 'kms throttled (test)', ...metadata(400) }),
  ],
  [
    'InternalFailureException',
    () => new InternalFailureException({ message: 'internal (test)', ...metadata(500) }),
  ],
  ['InternalFailure', () => awsError('InternalFailure', 500)],
  ['ServiceUnavailable', () => awsError('ServiceUnavailable', 503)],
  ['ServiceUnavailableException', () => awsError('ServiceUnavailableException', 503)],
  ['ThrottlingException', () => awsError('ThrottlingException', 400)],
  ['an unnamed HTTP 502', () => awsError('UnknownError', 502)],
  ['ECONNRESET', () => networkError('ECONNRESET')],
  ['ECONNREFUSED', () => networkError('ECONNREFUSED')],
  ['EPIPE', () => networkError('EPIPE')],
  ['ETIMEDOUT', () => networkError('ETIMEDOUT')],
  ['socket hang up', () => new Error('socket hang up')],
  [
    'TimeoutError',
    () => Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' }),
  ],
  ['RequestTimeout', () => awsError('RequestTimeout', 408)],
];

/** Every error the writer must not retry: the same call would fail the same way. */
export const nonRetryableErrors: Array<[string, () => unknown]> = [
  ['ValidationException', () => new ValidationException({ message: 'invalid (test)', ...metadata(400) })],
  [
    'ResourceNotFoundException',
    () => new ResourceNotFoundException({ message: 'no stream (test)', ...metadata(400) }),
  ],
  ['AccessDeniedException', () => new AccessDeniedException({ message: 'denied (test)', ...metadata(400) })],
  [
    'InvalidArgumentException',
    () => new InvalidArgumentException({ message: 'bad argument (test)', ...metadata(400) }),
  ],
  [
    'KMSAccessDeniedException',
    () => new KMSAccessDeniedException({ message: 'kms denied (test)', ...metadata(400) }),
  ],
  [
    'KMSDisabledException',
    () => new KMSDisabledException({ message: 'kms disabled (test)', ...metadata(400) }),
  ],
  ['a plain TypeError', () => new TypeError('boom (test)')],
];
