import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { FailedRecord, ProcessedRecord, ProcessingContext } from './processRecords';
import type { ProcessorDefinition } from './types';

const responseSchema = z.object({
  records: z.array(
    z.object({
      recordId: z.string(),
      result: z.enum(['Ok', 'Dropped', 'ProcessingFailed']),
      data: z.string().optional(),
    }),
  ),
});

const functionNameOf = (arn: string): string => arn.split(':function:').pop()?.split(':')[0] ?? arn;

/**
 * A `Lambda` processor: Firehose's data-transformation invocation (`invocationId`, `deliveryStreamArn`,
 * `sourceKinesisStreamArn`, `records[{recordId, approximateArrivalTimestamp, data, kinesisRecordMetadata}]`),
 * retried `NumberOfRetries` times (default 3) when the function fails or answers something invalid; then
 * the records fail. Records answered `ProcessingFailed` fail at once; `Dropped` ones are left out.
 */
export const transformWithLambda = async (
  input: ProcessedRecord[],
  processor: ProcessorDefinition,
  ctx: ProcessingContext,
): Promise<{ delivered: ProcessedRecord[]; failed: FailedRecord[] }> => {
  const lambdaArn = processor.parameters.LambdaArn ?? '';
  const attempts = Number(processor.parameters.NumberOfRetries ?? 3) + 1;
  const fail = (errorCode: string, errorMessage: string, attemptsMade: number) => ({
    delivered: [],
    failed: input.map(({ record }) => ({ record, errorCode, errorMessage, attemptsMade, lambdaArn })),
  });
  if (!ctx.invoke) return fail('Lambda.NotEmulated', 'no Lambda invoker in this local cloud', 0);
  const ids = input.map((_, index) => `${index}`.padStart(6, '0'));
  const event = {
    invocationId: randomUUID(),
    deliveryStreamArn: ctx.definition.deliveryStreamArn,
    sourceKinesisStreamArn: ctx.definition.sourceStreamArn,
    region: ctx.definition.deliveryStreamArn.split(':')[3],
    records: input.map(({ record, data }, index) => ({
      recordId: ids[index],
      approximateArrivalTimestamp: record.arrivalMs,
      data: data.toString('base64'),
      kinesisRecordMetadata: {
        sequenceNumber: record.sequenceNumber,
        subsequenceNumber: 0,
        partitionKey: record.partitionKey,
        shardId: record.shardId,
        approximateArrivalTimestamp: record.arrivalMs,
      },
    })),
  };
  let lastError = { code: 'Lambda.FunctionError', message: '' };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const result = await ctx.invoke(functionNameOf(lambdaArn), event);
    if (!result.ok) {
      lastError = { code: 'Lambda.FunctionError', message: `${result.errorType}: ${result.errorMessage}` };
      continue;
    }
    const parsed = responseSchema.safeParse(result.payload);
    if (!parsed.success) {
      lastError = { code: 'Lambda.InvalidResponse', message: parsed.error.issues[0]?.message ?? 'invalid' };
      continue;
    }
    const byId = new Map(parsed.data.records.map((answer) => [answer.recordId, answer]));
    const delivered: ProcessedRecord[] = [];
    const failed: FailedRecord[] = [];
    input.forEach(({ record }, index) => {
      const answer = byId.get(ids[index] as string);
      if (!answer) {
        failed.push({
          record,
          errorCode: 'Lambda.MissingRecordId',
          errorMessage: 'no answer for the record',
          attemptsMade: attempt,
          lambdaArn,
        });
      } else if (answer.result === 'Ok') {
        delivered.push({ record, data: Buffer.from(answer.data ?? '', 'base64') });
      } else if (answer.result === 'ProcessingFailed') {
        failed.push({
          record,
          errorCode: 'Lambda.ProcessingFailedStatus',
          errorMessage: 'the function answered ProcessingFailed',
          attemptsMade: attempt,
          lambdaArn,
        });
      }
    });
    return { delivered, failed };
  }
  return fail(lastError.code, lastError.message, attempts);
};
