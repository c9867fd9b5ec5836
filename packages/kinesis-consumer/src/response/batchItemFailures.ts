import type { MiddlewareObj, Request } from '@middy/core';
import { InvalidBatchError } from '../errors';
import type { BatchResponse } from '../types';
import { isBatchOutcome } from './isBatchOutcome';

/**
 * Middy middleware: in `after`, turns the {@link BatchOutcome} returned by the ordered processing into
 * the partial batch response Lambda reads with `ReportBatchItemFailures`:
 * `{ batchItemFailures: [{ itemIdentifier }] }`, empty when every record is done.
 *
 * Lambda fails the whole batch on a malformed identifier; so does this middleware, but with an error
 * that says which, instead of letting Lambda retry silently.
 *
 * @example
 * middy<KinesisStreamEvent>()
 *   .use(batchItemFailures())
 *   .use(decodeKinesisRecords({ registry }))
 *   .handler(keyOrderedProcessor({ ... }));
 */
export const batchItemFailures = (): MiddlewareObj<unknown, BatchResponse> => {
  const batchItemFailuresAfter = (request: Request<unknown, BatchResponse>): void => {
    const outcome: unknown = request.response;
    if (!isBatchOutcome(outcome)) {
      throw new InvalidBatchError(
        'The handler did not return a batch outcome; use keyOrderedProcessor as the handler',
      );
    }
    const identifiers = outcome.failures.map((failure) => failure.itemIdentifier);
    const invalid = identifiers.find((identifier) => typeof identifier !== 'string' || identifier === '');
    if (invalid !== undefined) {
      throw new InvalidBatchError(`Invalid batch item identifier ${JSON.stringify(invalid)}`);
    }
    request.response = {
      batchItemFailures: [...new Set(identifiers)].map((itemIdentifier) => ({ itemIdentifier })),
    };
  };
  return { after: batchItemFailuresAfter };
};
