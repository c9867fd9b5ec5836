import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as sleepMs } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { type KinesisClient, ListShardsCommand, type Shard } from '@aws-sdk/client-kinesis';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { InvokeResult } from '../esm/LambdaInvoker';
import { DeliveryBuffer } from './DeliveryBuffer';
import { DeliveryState } from './DeliveryState';
import { objectName } from './objectName';
import { effectivePrefixes, expandPrefix } from './prefixes';
import { assertProcessorsEmulated, type FailedRecord, processRecords } from './processRecords';
import { ShardReader } from './ShardReader';
import type { BufferedRecord, DeliveryStreamDefinition } from './types';

export interface DeliveryStreamOptions {
  definition: DeliveryStreamDefinition;
  kinesis: KinesisClient;
  s3: S3Client;
  /** Where checkpoints are kept (`<stateDir>/<DeliveryStreamName>.json`). */
  stateDir: string;
  /** Overrides the template's `BufferingHints.IntervalInSeconds` (local tests); default the template's. */
  bufferIntervalMs?: number;
  /** Time between two reads of a shard; default 1,000 ms (Firehose reads each shard once per second). */
  readIntervalMs?: number;
  /** How often new shards are looked for (resharding); default 5,000 ms. */
  shardDiscoveryMs?: number;
  invoke?: (functionName: string, payload: unknown) => Promise<InvokeResult>;
  notice?: (message: string) => void;
  now?: () => number;
}

/** Live figures of one delivery stream. */
export interface DeliveryStreamStats {
  deliveryStreamName: string;
  sourceStreamArn: string;
  bucket: string;
  bufferingHints: { sizeInMBs: number; intervalInSeconds: number };
  objectsDelivered: number;
  recordsDelivered: number;
  bytesDelivered: number;
  recordsFailed: number;
  recordsBuffered: number;
  readErrors: Record<string, number>;
  lastDeliveryAt?: string;
}

const streamNameOf = (arn: string): string => arn.split(':stream/')[1] ?? arn;
const compareSeq = (a: string, b: string): number =>
  BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0;

/**
 * One Firehose delivery stream from a Kinesis stream to S3, emulated: a standard consumer reads every
 * shard once a second (its reads count against the shard's limits, as on AWS), records are buffered by
 * size and interval (BufferingHints), processed (AppendDelimiterToRecord, Lambda), compressed and written
 * as one object under the expanded prefix with Firehose's object name; records that processing fails go
 * under the error output prefix. Checkpoints move only after the object is written; S3 failures are
 * retried until they pass (AWS: for as long as the stream retains the records).
 */
export class DeliveryStream {
  readonly definition: DeliveryStreamDefinition;
  readonly #options: DeliveryStreamOptions;
  readonly #now: () => number;
  readonly #buffer: DeliveryBuffer;
  readonly #state: DeliveryState;
  readonly #prefixes: { prefix: string; errorOutputPrefix: string };
  readonly #readers = new Map<string, ShardReader>();
  readonly #ended = new Map<string, string | undefined>();
  #delivering: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #discovery: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #stats: DeliveryStreamStats;

  public constructor(options: DeliveryStreamOptions) {
    const { definition } = options;
    assertProcessorsEmulated(definition);
    this.definition = definition;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#prefixes = effectivePrefixes(definition.prefix, definition.errorOutputPrefix);
    this.#buffer = new DeliveryBuffer({
      sizeInMBs: definition.bufferingHints.sizeInMBs,
      intervalMs: options.bufferIntervalMs ?? definition.bufferingHints.intervalInSeconds * 1000,
    });
    this.#state = new DeliveryState(join(options.stateDir, `${definition.deliveryStreamName}.json`), {
      ...definition,
      stackName: undefined,
    });
    this.#stats = {
      deliveryStreamName: definition.deliveryStreamName,
      sourceStreamArn: definition.sourceStreamArn,
      bucket: definition.bucketName,
      bufferingHints: definition.bufferingHints,
      objectsDelivered: 0,
      recordsDelivered: 0,
      bytesDelivered: 0,
      recordsFailed: 0,
      recordsBuffered: 0,
      readErrors: {},
    };
  }

  public async start(): Promise<void> {
    await this.#discoverShards();
    this.#discovery = setInterval(
      () => void this.#discoverShards().catch((error: Error) => this.#notice(`ListShards: ${error.message}`)),
      this.#options.shardDiscoveryMs ?? 5_000,
    );
    this.#discovery.unref();
  }

  /** Stops reading, delivers what is buffered and saves the checkpoints. */
  public async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#discovery);
    await Promise.all([...this.#readers.values()].map((reader) => reader.stop()));
    await this.deliver();
  }

  public stats(): DeliveryStreamStats {
    return { ...this.#stats, recordsBuffered: this.#buffer.size, readErrors: { ...this.#stats.readErrors } };
  }

  /** Delivers what is buffered now (deliveries run one at a time, in order). */
  public deliver(): Promise<void> {
    const run = this.#delivering.then(() => this.#deliverBuffered());
    this.#delivering = run.catch(() => undefined);
    return run;
  }

  #notice(message: string): void {
    this.#options.notice?.(`firehose ${this.definition.deliveryStreamName}: ${message}`);
  }

  async #discoverShards(): Promise<void> {
    const shards: Shard[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#options.kinesis.send(
        new ListShardsCommand(
          nextToken
            ? { NextToken: nextToken }
            : { StreamName: streamNameOf(this.definition.sourceStreamArn) },
        ),
      );
      shards.push(...(page.Shards ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    const known = new Set(shards.map((shard) => shard.ShardId));
    for (const shard of shards) {
      const shardId = shard.ShardId ?? '';
      if (this.#stopped || this.#readers.has(shardId) || this.#state.get(shardId)?.finished) continue;
      // Parents first (per-key order across resharding): a child waits until its parents are delivered.
      const parents = [shard.ParentShardId, shard.AdjacentParentShardId].filter(
        (id): id is string => !!id && known.has(id),
      );
      if (parents.some((parent) => !this.#state.get(parent)?.finished)) continue;
      this.#startReader(shardId);
    }
  }

  #startReader(shardId: string): void {
    const checkpoint = this.#state.get(shardId)?.sequenceNumber;
    const reader = new ShardReader({
      kinesis: this.#options.kinesis,
      streamName: streamNameOf(this.definition.sourceStreamArn),
      shardId,
      start: checkpoint ? { afterSequenceNumber: checkpoint } : { atTimestampMs: this.#state.createdAtMs },
      readIntervalMs: this.#options.readIntervalMs ?? 1_000,
      onRecords: (records) => this.#add(records),
      onEnd: (last) => {
        this.#ended.set(shardId, last);
        void this.deliver();
      },
      onError: (name, message) => {
        const first = this.#stats.readErrors[name] === undefined;
        this.#stats.readErrors[name] = (this.#stats.readErrors[name] ?? 0) + 1;
        if (first) this.#notice(`reading ${shardId}: ${name}: ${message} (retried; counted in readErrors)`);
      },
      sleep: (ms) => sleepMs(ms),
    });
    this.#readers.set(shardId, reader);
    reader.start();
  }

  async #add(records: BufferedRecord[]): Promise<void> {
    for (const record of records) this.#buffer.add(record, this.#now());
    if (this.#buffer.full) {
      // Back-pressure: the reader waits for the delivery, as Firehose reads no faster than it delivers.
      await this.deliver();
      return;
    }
    if (!this.#timer) {
      const due = this.#buffer.dueAtMs() ?? this.#now();
      this.#timer = setTimeout(() => void this.deliver(), Math.max(0, due - this.#now()));
    }
  }

  async #deliverBuffered(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const records = this.#buffer.take();
    if (records.length > 0) {
      const { delivered, failed } = await processRecords(records, {
        definition: this.definition,
        now: this.#now,
        ...(this.#options.invoke ? { invoke: this.#options.invoke } : {}),
      });
      if (delivered.length > 0) {
        const body = Buffer.concat(delivered.map(({ data }) => data));
        await this.#write(
          this.#prefixes.prefix,
          undefined,
          oldest(delivered.map(({ record }) => record)),
          body,
        );
        this.#stats.objectsDelivered += 1;
        this.#stats.recordsDelivered += delivered.length;
        this.#stats.bytesDelivered += body.length;
      }
      if (failed.length > 0) {
        const body = Buffer.from(
          failed.map((failure) => `${JSON.stringify(errorRecord(failure, this.#now()))}\n`).join(''),
        );
        await this.#write(
          this.#prefixes.errorOutputPrefix,
          'processing-failed',
          oldest(failed.map(({ record }) => record)),
          body,
        );
        this.#stats.recordsFailed += failed.length;
      }
      for (const record of records) {
        const current = this.#state.get(record.shardId)?.sequenceNumber;
        if (!current || compareSeq(record.sequenceNumber, current) > 0)
          this.#state.set(record.shardId, { sequenceNumber: record.sequenceNumber });
      }
      this.#stats.lastDeliveryAt = new Date(this.#now()).toISOString();
    }
    // A closed shard read to its end is finished once its last record is in S3: its children may start.
    for (const [shardId, last] of this.#ended) {
      const checkpoint = this.#state.get(shardId)?.sequenceNumber;
      if (last === undefined || (checkpoint && compareSeq(checkpoint, last) >= 0)) {
        this.#state.set(shardId, { ...this.#state.get(shardId), finished: true });
        this.#ended.delete(shardId);
        this.#readers.delete(shardId);
        if (!this.#stopped) void this.#discoverShards().catch(() => undefined);
      }
    }
    this.#state.save();
  }

  /** One object, retried until S3 takes it (or the delivery stream stops: the records are read again). */
  async #write(
    prefix: string,
    errorOutputType: string | undefined,
    arrivalMs: number,
    body: Buffer,
  ): Promise<void> {
    const gzip = this.definition.compressionFormat === 'GZIP';
    const key =
      expandPrefix(prefix, { arrivalMs, ...(errorOutputType ? { errorOutputType } : {}) }) +
      objectName({
        deliveryStreamName: this.definition.deliveryStreamName,
        version: this.#state.version,
        arrivalMs,
        uuid: randomUUID(),
        extension: this.definition.fileExtension ?? (gzip ? '.gz' : ''),
      });
    const payload = gzip ? gzipSync(body) : body;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#options.s3.send(
          new PutObjectCommand({ Bucket: this.definition.bucketName, Key: key, Body: payload }),
        );
        return;
      } catch (error) {
        if (attempt === 1)
          this.#notice(
            `writing s3://${this.definition.bucketName}/${key}: ${(error as Error).message} (retrying)`,
          );
        if (this.#stopped && attempt >= 3) throw error;
        await sleepMs(Math.min(10_000, 250 * 2 ** attempt));
      }
    }
  }
}

const oldest = (records: BufferedRecord[]): number => Math.min(...records.map((record) => record.arrivalMs));

/** Firehose's record for a record whose processing failed (under `processing-failed`). */
const errorRecord = (failure: FailedRecord, nowMs: number) => ({
  attemptsMade: failure.attemptsMade,
  arrivalTimestamp: failure.record.arrivalMs,
  errorCode: failure.errorCode,
  errorMessage: failure.errorMessage,
  attemptEndingTimestamp: nowMs,
  rawData: failure.record.data.toString('base64'),
  ...(failure.lambdaArn ? { lambdaArn: failure.lambdaArn } : {}),
});
