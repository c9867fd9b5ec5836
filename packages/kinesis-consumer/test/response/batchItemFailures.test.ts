import middy from '@middy/core';
import { type BatchOutcome, batchItemFailures, InvalidBatchError } from '../../src';
import { lambdaContext } from '../helpers/recorders';

const outcome = (itemIdentifiers: string[]): BatchOutcome => ({
  batchSize: 10,
  processed: 10 - itemIdentifiers.length,
  skipped: 0,
  deadLettered: 0,
  failed: itemIdentifiers.length,
  notAttempted: 0,
  failures: itemIdentifiers.map((itemIdentifier) => ({
    itemIdentifier,
    partitionKey: 'k',
    error: new Error('x'),
  })),
});

const handlerReturning = (result: unknown) => middy(async () => result).use(batchItemFailures());

describe('batchItemFailures', () => {
  it('turns the failures of a batch outcome into the partial batch response, in order', async () => {
    const response = await handlerReturning(outcome(['101', '205']))({}, lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }, { itemIdentifier: '205' }] });
  });

  it('answers an empty failure list when every record is done (Lambda: success)', async () => {
    const response = await handlerReturning(outcome([]))({}, lambdaContext);

    expect(response).toEqual({ batchItemFailures: [] });
  });

  it('lists an identifier once even if the outcome has it twice', async () => {
    const response = await handlerReturning(outcome(['7', '7']))({}, lambdaContext);

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
  });

  it('fails the batch with a clear error instead of sending Lambda an empty identifier', async () => {
    await expect(handlerReturning(outcome(['']))({}, lambdaContext)).rejects.toThrow(
      /Invalid batch item identifier ""/,
    );
  });

  it('fails the batch when the handler did not return a batch outcome', async () => {
    await expect(handlerReturning({ batchItemFailures: [] })({}, lambdaContext)).rejects.toThrow(
      InvalidBatchError,
    );
  });
});
