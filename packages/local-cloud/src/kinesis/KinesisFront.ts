import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ShardTarget } from '@kes/partition-keys';
import { createShardIterator, resolveShardId } from 'kinesalite/db';
import {
  blobValue,
  constraintFailure,
  errorResponse,
  invalidArgument,
  jsonResponse,
  type KinesisError,
  rateExceeded,
  resourceNotFound,
  validationException,
} from './awsErrors';
import { type BackendResponse, type KinesaliteBackend, sendResponse } from './KinesaliteBackend';
import { iteratorTarget } from './limits/iterators';
import {
  DEFAULT_MAX_RECORD_SIZE_KIB,
  MAX_MAX_RECORD_SIZE_KIB,
  PUT_RECORDS_MAX_BYTES,
  PUT_RECORDS_MAX_RECORDS,
} from './limits/KinesisLimits';
import type { MaxRecordSizes } from './limits/MaxRecordSizes';
import { recordBytes } from './limits/recordBytes';
import type { ShardLimiter } from './limits/ShardLimiter';
import type { ShardRouter } from './limits/ShardRouter';
import type { ThrottleCounters } from './limits/ThrottleCounters';

export interface KinesisFrontDeps {
  backend: KinesaliteBackend;
  /** The shard limits; `undefined` when they are off (sizes are still checked). */
  limiter: ShardLimiter | undefined;
  router: ShardRouter;
  recordSizes: MaxRecordSizes;
  throttles: ThrottleCounters;
  accountId: string;
}

interface PutEntry {
  Data?: unknown;
  PartitionKey?: unknown;
  ExplicitHashKey?: unknown;
}

type Input = Record<string, unknown>;

const AMZ_JSON = 'application/x-amz-json-1.1';

/** A base64 body shorter than this cannot hold a record over 1 MiB: no need to look inside. */
const SMALLEST_OVERSIZED_BODY = Math.floor((DEFAULT_MAX_RECORD_SIZE_KIB * 1024 * 4) / 3);

/** Bytes of a base64 string once decoded, without decoding it. */
const base64Bytes = (value: string): number => {
  const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
  return Math.floor((value.length * 3) / 4) - padding;
};

const targetOf = (entry: PutEntry): ShardTarget =>
  typeof entry.ExplicitHashKey === 'string'
    ? { explicitHashKey: entry.ExplicitHashKey, partitionKey: entry.PartitionKey as string }
    : (entry.PartitionKey as string);

const isPutEntry = (entry: unknown): entry is PutEntry & { Data: string; PartitionKey: string } =>
  typeof entry === 'object' &&
  entry !== null &&
  typeof (entry as PutEntry).Data === 'string' &&
  typeof (entry as PutEntry).PartitionKey === 'string';

const parse = (body: Buffer): Input | undefined => {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Input)
      : undefined;
  } catch {
    return undefined;
  }
};

const streamOfArn = (arn: unknown): string | undefined =>
  typeof arn === 'string' ? /^arn:aws[\w-]*:kinesis:[^:]*:\d{12}:stream\/(\S+)$/.exec(arn)?.[1] : undefined;

/**
 * What the local Kinesis endpoint does in front of kinesalite: AWS's shard limits (see ShardLimiter),
 * per-stream maximum record sizes (CreateStream `MaxRecordSizeInKiB`, UpdateMaxRecordSize), PutRecords'
 * per-call caps and partial failures, and GetRecords' 10 MiB cap. Everything else goes straight through.
 */
export class KinesisFront {
  readonly #deps: KinesisFrontDeps;

  public constructor(deps: KinesisFrontDeps) {
    this.#deps = deps;
  }

  /** Answers one request whose body has been read. */
  public async handle(
    req: IncomingMessage,
    operation: string,
    body: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    // The AWS SDK (v3) speaks JSON 1.1; other encodings (CBOR) go through unlimited.
    if (contentType !== AMZ_JSON) return this.#deps.backend.forward(req, body, res);
    const answer = await this.#answer(req, operation, body);
    if (answer === 'forward') return this.#deps.backend.forward(req, body, res);
    sendResponse(res, 'code' in answer ? errorResponse(answer, contentType) : answer);
  }

  async #answer(req: IncomingMessage, operation: string, body: Buffer): Promise<Answer> {
    const limited = this.#deps.limiter !== undefined;
    switch (operation) {
      case 'PutRecord':
        return limited || body.length > SMALLEST_OVERSIZED_BODY ? this.#putRecord(body) : 'forward';
      case 'PutRecords':
        return limited || body.length > SMALLEST_OVERSIZED_BODY ? this.#putRecords(req, body) : 'forward';
      case 'GetRecords':
        return limited ? this.#getRecords(req, body) : 'forward';
      case 'GetShardIterator':
        return limited ? this.#getShardIterator(body) : 'forward';
      case 'CreateStream':
        return this.#createStream(req, body);
      case 'UpdateMaxRecordSize':
        return this.#updateMaxRecordSize(body);
      case 'DescribeStreamSummary':
        return this.#describeStreamSummary(req, body);
      case 'DeleteStream':
      case 'SplitShard':
      case 'MergeShards':
      case 'UpdateShardCount':
        return this.#changeShards(req, operation, body);
      default:
        return 'forward';
    }
  }

  async #putRecord(body: Buffer): Promise<Answer> {
    const input = parse(body);
    const streamName = input?.StreamName;
    if (!input || typeof streamName !== 'string' || !isPutEntry(input)) return 'forward';
    const dataBytes = base64Bytes(input.Data);
    const max = this.#deps.recordSizes.bytes(streamName);
    if (dataBytes > max) return validationException([tooLarge('data', dataBytes, max)]);
    const { limiter, router, throttles, accountId } = this.#deps;
    if (!limiter) return 'forward';
    const [shardId] = (await router.shardsFor(streamName, [targetOf(input)])) ?? [];
    if (shardId === undefined) return 'forward';
    if (limiter.tryWrite(streamName, shardId, dataBytes + Buffer.byteLength(input.PartitionKey)))
      return 'forward';
    throttles.add(streamName, shardId, 'PutRecord', 1, 1);
    return rateExceeded(shardId, streamName, accountId);
  }

  async #putRecords(req: IncomingMessage, body: Buffer): Promise<Answer> {
    const input = parse(body);
    const streamName = input?.StreamName;
    const records = input?.Records;
    if (!input || typeof streamName !== 'string' || !Array.isArray(records)) return 'forward';
    // kinesalite answers an empty or over-long list (and malformed entries) with AWS's ValidationException.
    if (records.length === 0 || records.length > PUT_RECORDS_MAX_RECORDS || !records.every(isPutEntry))
      return 'forward';
    const max = this.#deps.recordSizes.bytes(streamName);
    const sizes = records.map((entry) => ({
      data: base64Bytes(entry.Data),
      total: base64Bytes(entry.Data) + Buffer.byteLength(entry.PartitionKey),
    }));
    const oversized = sizes.flatMap(({ data }, index) =>
      data > max ? [tooLarge(`records.${index + 1}.member.data`, data, max)] : [],
    );
    if (oversized.length > 0) return validationException(oversized);
    if (sizes.reduce((sum, size) => sum + size.total, 0) > PUT_RECORDS_MAX_BYTES)
      return invalidArgument('Records size exceeds 10 MB limit');

    const { limiter, router, throttles, accountId, backend } = this.#deps;
    if (!limiter) return 'forward';
    const shardIds = await router.shardsFor(streamName, records.map(targetOf));
    if (!shardIds) return 'forward';
    const admitted = shardIds.map((shardId, index) =>
      limiter.tryWrite(streamName, shardId, sizes[index]?.total ?? 0),
    );
    if (admitted.every(Boolean)) return 'forward';

    const refused = new Map<string, number>();
    shardIds.forEach((shardId, index) => {
      if (!admitted[index]) refused.set(shardId, (refused.get(shardId) ?? 0) + 1);
    });
    for (const [shardId, count] of refused) throttles.add(streamName, shardId, 'PutRecords', 1, count);

    let stored: unknown[] = [];
    let backendFailed = 0;
    if (admitted.some(Boolean)) {
      const forwarded = { ...input, Records: records.filter((_, index) => admitted[index]) };
      const response = await backend.call(req, Buffer.from(JSON.stringify(forwarded)));
      if (response.status !== 200) {
        shardIds.forEach((shardId, index) => {
          if (admitted[index]) limiter.refundWrite(streamName, shardId, sizes[index]?.total ?? 0);
        });
        return response;
      }
      const output = parse(response.body) ?? {};
      stored = Array.isArray(output.Records) ? output.Records : [];
      backendFailed = typeof output.FailedRecordCount === 'number' ? output.FailedRecordCount : 0;
    }
    let next = 0;
    const merged = shardIds.map((shardId, index) => {
      if (admitted[index]) return stored[next++];
      const error = rateExceeded(shardId, streamName, accountId);
      return { ErrorCode: error.code, ErrorMessage: error.message };
    });
    return jsonResponse(
      200,
      { FailedRecordCount: backendFailed + admitted.filter((ok) => !ok).length, Records: merged },
      AMZ_JSON,
    );
  }

  async #getRecords(req: IncomingMessage, body: Buffer): Promise<Answer> {
    const iterator = parse(body)?.ShardIterator;
    const target = typeof iterator === 'string' ? iteratorTarget(iterator) : undefined;
    const { limiter, throttles, accountId, backend } = this.#deps;
    if (!target || !limiter) return 'forward';
    const { streamName, shardId } = target;
    if (!limiter.tryRead(streamName, shardId)) {
      throttles.add(streamName, shardId, 'GetRecords', 1, 0);
      return rateExceeded(shardId, streamName, accountId);
    }
    const response = await backend.call(req, body);
    if (response.status !== 200) return response;
    const maxBytes = limiter.limits.getRecordsMaxBytes;
    const total = recordBytes(response.body);
    if (total <= maxBytes) {
      limiter.chargeRead(streamName, shardId, total);
      return response;
    }
    const cut = cutAt(response.body, maxBytes, streamName, shardId);
    limiter.chargeRead(streamName, shardId, cut?.bytes ?? total);
    return cut ? jsonResponse(200, cut.output, AMZ_JSON) : response;
  }

  async #getShardIterator(body: Buffer): Promise<Answer> {
    const input = parse(body);
    const { limiter, throttles, accountId } = this.#deps;
    if (!input || !limiter || typeof input.StreamName !== 'string' || typeof input.ShardId !== 'string')
      return 'forward';
    let shardId: string;
    try {
      shardId = resolveShardId(input.ShardId).shardId;
    } catch {
      return 'forward';
    }
    if (limiter.tryGetShardIterator(input.StreamName, shardId)) return 'forward';
    throttles.add(input.StreamName, shardId, 'GetShardIterator', 1, 0);
    return rateExceeded(shardId, input.StreamName, accountId);
  }

  async #createStream(req: IncomingMessage, body: Buffer): Promise<Answer> {
    const input = parse(body);
    const streamName = input?.StreamName;
    if (!input || typeof streamName !== 'string') return 'forward';
    const kib = input.MaxRecordSizeInKiB;
    if (kib !== undefined) {
      const invalid = maxRecordSizeFailure(kib);
      if (invalid) return validationException([invalid]);
    }
    const response = await this.#deps.backend.call(req, body);
    if (response.status === 200) {
      this.#deps.recordSizes.set(streamName, (kib as number | undefined) ?? DEFAULT_MAX_RECORD_SIZE_KIB);
      this.#forget(streamName);
    }
    return response;
  }

  async #updateMaxRecordSize(body: Buffer): Promise<Answer> {
    const input = parse(body) ?? {};
    const invalid = maxRecordSizeFailure(input.MaxRecordSizeInKiB);
    if (invalid) return validationException([invalid]);
    const streamName = streamOfArn(input.StreamARN);
    if (!streamName)
      return validationException([
        constraintFailure(
          String(input.StreamARN ?? 'null'),
          'streamARN',
          'Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+',
        ),
      ]);
    const summary = await this.#deps.backend.callJson('DescribeStreamSummary', { StreamName: streamName });
    if (summary.status !== 200)
      return resourceNotFound(`Stream ${streamName} under account ${this.#deps.accountId} not found.`);
    this.#deps.recordSizes.set(streamName, input.MaxRecordSizeInKiB as number);
    return jsonResponse(200, {}, AMZ_JSON);
  }

  async #describeStreamSummary(req: IncomingMessage, body: Buffer): Promise<Answer> {
    const response = await this.#deps.backend.call(req, body);
    const output = response.status === 200 ? parse(response.body) : undefined;
    const summary = output?.StreamDescriptionSummary as Input | undefined;
    if (!output || !summary || typeof summary.StreamName !== 'string') return response;
    summary.MaxRecordSizeInKiB = this.#deps.recordSizes.kib(summary.StreamName);
    return { ...response, body: Buffer.from(JSON.stringify(output)) };
  }

  async #changeShards(req: IncomingMessage, operation: string, body: Buffer): Promise<Answer> {
    const streamName = parse(body)?.StreamName;
    const response = await this.#deps.backend.call(req, body);
    if (response.status !== 200 || typeof streamName !== 'string') return response;
    if (operation === 'DeleteStream') {
      this.#deps.recordSizes.delete(streamName);
      this.#forget(streamName);
    } else {
      // kinesalite reshards after it answers: route by the new shards once the stream is ACTIVE again.
      this.#deps.router.invalidate(streamName);
      void this.#whenActive(streamName).then(() => this.#deps.router.invalidate(streamName));
    }
    return response;
  }

  async #whenActive(streamName: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const response = await this.#deps.backend.callJson('DescribeStreamSummary', { StreamName: streamName });
      const status = (parse(response.body)?.StreamDescriptionSummary as Input | undefined)?.StreamStatus;
      if (response.status !== 200 || status === 'ACTIVE') return;
      await sleep(20);
    }
  }

  #forget(streamName: string): void {
    this.#deps.router.invalidate(streamName);
    this.#deps.limiter?.forgetStream(streamName);
  }
}

type Answer = 'forward' | KinesisError | BackendResponse;

/**
 * A GetRecords output cut to its first records that fit in `maxBytes` (at least one), with a
 * NextShardIterator at the first record left out.
 */
const cutAt = (
  body: Buffer,
  maxBytes: number,
  streamName: string,
  shardId: string,
): { output: Input; bytes: number } | undefined => {
  const output = parse(body);
  const records = output?.Records;
  if (!output || !Array.isArray(records)) return undefined;
  let bytes = 0;
  for (const [index, record] of (records as Array<Record<string, unknown>>).entries()) {
    const size =
      (typeof record.Data === 'string' ? base64Bytes(record.Data) : 0) +
      (typeof record.PartitionKey === 'string' ? Buffer.byteLength(record.PartitionKey) : 0);
    if (index > 0 && bytes + size > maxBytes) {
      const firstLeft = record.SequenceNumber as string;
      return {
        output: {
          ...output,
          Records: records.slice(0, index),
          NextShardIterator: createShardIterator(streamName, shardId, firstLeft),
        },
        bytes,
      };
    }
    bytes += size;
  }
  return { output, bytes };
};

const tooLarge = (path: string, length: number, max: number): string =>
  constraintFailure(blobValue(length), path, `Member must have length less than or equal to ${max}`);

const maxRecordSizeFailure = (kib: unknown): string | undefined => {
  if (typeof kib !== 'number' || !Number.isInteger(kib))
    return constraintFailure(String(kib ?? 'null'), 'maxRecordSizeInKiB', 'Member must not be null');
  if (kib < DEFAULT_MAX_RECORD_SIZE_KIB)
    return constraintFailure(
      String(kib),
      'maxRecordSizeInKiB',
      `Member must have value greater than or equal to ${DEFAULT_MAX_RECORD_SIZE_KIB}`,
    );
  if (kib > MAX_MAX_RECORD_SIZE_KIB)
    return constraintFailure(
      String(kib),
      'maxRecordSizeInKiB',
      `Member must have value less than or equal to ${MAX_MAX_RECORD_SIZE_KIB}`,
    );
  return undefined;
};
