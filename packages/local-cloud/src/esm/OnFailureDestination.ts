import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { MappingDefinition } from '../provision/definitions';
import { functionArnFor, onFailureObjectKey, onFailureRecord } from './onFailureRecord';
import type { DiscardedBatch } from './ShardPoller';

export interface OnFailureDestinationOptions {
  /** The client of the S3 emulator (an `arn:aws:s3:::bucket` destination is written there). */
  s3: S3Client;
  /** Where people read what happened: every discard, and where its record went. */
  notice: (message: string) => void;
  /** The ARN of a function as provisioned; built from the stream's region and account otherwise. */
  functionArnOf?: (functionName: string) => string | undefined;
  now?: () => number;
}

/**
 * Sends the record of a discarded batch to the mapping's `DestinationConfig.OnFailure`, as Lambda does:
 * an S3 bucket gets the invocation record with the batch itself (`payload`) under
 * `aws/lambda/<uuid>/<shard>/YYYY/MM/DD/…`. SQS and SNS are not emulated here: their record is written to
 * the notice instead. Without a destination, the discard is only noticed (the records are gone, as on AWS).
 *
 * @example
 * const destination = new OnFailureDestination({ s3: clients.s3, notice });
 * new EventSourceMappingEngine({ …, onDiscard: (mapping, batch) => void destination.send(mapping, batch) });
 */
export class OnFailureDestination {
  readonly #options: OnFailureDestinationOptions;

  public constructor(options: OnFailureDestinationOptions) {
    this.#options = options;
  }

  /** Never throws: a destination that cannot be written is noticed. */
  public async send(mapping: MappingDefinition, batch: DiscardedBatch): Promise<void> {
    const { notice } = this.#options;
    const nowMs = (this.#options.now ?? Date.now)();
    const destination = mapping.onFailureDestinationArn;
    const summary = `${mapping.functionName}: discarded ${batch.records.length} records of ${batch.shardId} (${batch.condition} after ${batch.attempts} attempts${batch.errorMessage ? `: ${batch.errorMessage}` : ''})`;
    if (!destination) {
      notice(`${summary}; no on-failure destination`);
      return;
    }
    const context = {
      mapping,
      batch,
      functionArn: this.#options.functionArnOf?.(mapping.functionName) ?? functionArnFor(mapping),
      requestId: randomUUID(),
      nowMs,
    };
    const bucket = /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(destination)?.[1];
    if (!bucket) {
      const record = onFailureRecord(context);
      notice(
        `${summary}; on-failure destination ${destination} is not emulated locally (SQS and SNS are not): its record was ${JSON.stringify(record)}`,
      );
      return;
    }
    const key = onFailureObjectKey(mapping.uuid, batch.shardId, nowMs, randomUUID());
    try {
      await this.#options.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: JSON.stringify(onFailureRecord({ ...context, withPayload: true })),
          ContentType: 'application/json',
        }),
      );
      notice(`${summary}; recorded in s3://${bucket}/${key}`);
    } catch (error) {
      notice(`${summary}; could not write its record to s3://${bucket}/${key}: ${(error as Error).message}`);
    }
  }
}
