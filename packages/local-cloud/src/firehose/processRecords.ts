import type { InvokeResult } from '../esm/LambdaInvoker';
import { ProvisioningError } from '../provision/errors';
import { transformWithLambda } from './lambdaProcessor';
import type { BufferedRecord, DeliveryStreamDefinition, ProcessorDefinition } from './types';

/** A record after processing, ready to be written. */
export interface ProcessedRecord {
  record: BufferedRecord;
  data: Buffer;
}

/** A record processing failed for: it goes under the error output prefix (`processing-failed`). */
export interface FailedRecord {
  record: BufferedRecord;
  errorCode: string;
  errorMessage: string;
  attemptsMade: number;
  lambdaArn?: string;
}

export interface ProcessingResult {
  delivered: ProcessedRecord[];
  failed: FailedRecord[];
}

export interface ProcessingContext {
  definition: DeliveryStreamDefinition;
  /** Invokes a function synchronously (the local cloud's Lambda invoker); needed by `Lambda` processors. */
  invoke?: (functionName: string, payload: unknown) => Promise<InvokeResult>;
  now: () => number;
}

/** The processor types emulated: the others are refused when the delivery stream starts. */
export const EMULATED_PROCESSORS = new Set(['AppendDelimiterToRecord', 'Lambda']);

/**
 * Firehose's `Delimiter` is written escaped in the template (`"\\n"`, i.e. backslash + n): unescape
 * `\n`, `\r`, `\t` and `\\`; the default is a newline.
 */
export const delimiterOf = (processor: ProcessorDefinition): string =>
  (processor.parameters.Delimiter ?? '\\n').replace(/\\([nrt\\])/g, (_m, c: string) =>
    c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : '\\',
  );

export const assertProcessorsEmulated = (definition: DeliveryStreamDefinition): void => {
  for (const processor of definition.processors) {
    if (!EMULATED_PROCESSORS.has(processor.type)) {
      throw new ProvisioningError(
        'UNSUPPORTED_PROCESSOR',
        `${definition.deliveryStreamName}: processor ${processor.type} is not emulated (only ${[...EMULATED_PROCESSORS].join(', ')})`,
      );
    }
  }
};

/** Applies the processing configuration's processors in order, as Firehose does before buffering to S3. */
export const processRecords = async (
  records: BufferedRecord[],
  ctx: ProcessingContext,
): Promise<ProcessingResult> => {
  let delivered: ProcessedRecord[] = records.map((record) => ({ record, data: record.data }));
  const failed: FailedRecord[] = [];
  for (const processor of ctx.definition.processors) {
    if (processor.type === 'AppendDelimiterToRecord') {
      const delimiter = Buffer.from(delimiterOf(processor));
      delivered = delivered.map(({ record, data }) => ({ record, data: Buffer.concat([data, delimiter]) }));
    } else if (processor.type === 'Lambda') {
      const result = await transformWithLambda(delivered, processor, ctx);
      delivered = result.delivered;
      failed.push(...result.failed);
    }
  }
  return { delivered, failed };
};
