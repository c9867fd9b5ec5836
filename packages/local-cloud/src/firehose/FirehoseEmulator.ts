import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { S3Client } from '@aws-sdk/client-s3';
import type { InvokeResult } from '../esm/LambdaInvoker';
import { DeliveryStream, type DeliveryStreamStats } from './DeliveryStream';
import type { DeliveryStreamDefinition } from './types';

export interface FirehoseEmulatorOptions {
  kinesis: KinesisClient;
  s3: S3Client;
  /** Checkpoints: `<stateDir>/<DeliveryStreamName>.json`. */
  stateDir: string;
  /** Overrides every delivery stream's buffering interval (tests); default each template's. */
  bufferIntervalMs?: number;
  /** Time between two reads of a shard; default 1,000 ms, as Firehose. */
  readIntervalMs?: number;
  invoke?: (functionName: string, payload: unknown) => Promise<InvokeResult>;
  notice?: (message: string) => void;
}

/**
 * Amazon Data Firehose on the local cloud: the delivery streams of the provisioned templates, each
 * reading its Kinesis stream and writing objects to the S3 emulator as Firehose would (see DeliveryStream).
 *
 * @example
 * const firehose = new FirehoseEmulator({ kinesis, s3, stateDir: join(dataDir, 'firehose') });
 * await firehose.start(stacks.flatMap((stack) => stack.deliveryStreams));
 * await firehose.stop(); // delivers what is buffered
 */
export class FirehoseEmulator {
  readonly #options: FirehoseEmulatorOptions;
  readonly #streams: DeliveryStream[] = [];

  public constructor(options: FirehoseEmulatorOptions) {
    this.#options = options;
  }

  /** Starts the delivery streams; one the emulator cannot run is noticed and skipped. */
  public async start(definitions: DeliveryStreamDefinition[]): Promise<void> {
    const { notice } = this.#options;
    for (const definition of definitions) {
      try {
        const stream = new DeliveryStream({
          definition,
          kinesis: this.#options.kinesis,
          s3: this.#options.s3,
          stateDir: this.#options.stateDir,
          ...(this.#options.bufferIntervalMs === undefined
            ? {}
            : { bufferIntervalMs: this.#options.bufferIntervalMs }),
          ...(this.#options.readIntervalMs === undefined
            ? {}
            : { readIntervalMs: this.#options.readIntervalMs }),
          ...(this.#options.invoke ? { invoke: this.#options.invoke } : {}),
          ...(notice ? { notice } : {}),
        });
        await stream.start();
        this.#streams.push(stream);
      } catch (error) {
        notice?.(`firehose ${definition.deliveryStreamName} not started: ${(error as Error).message}`);
      }
    }
  }

  public stats(): DeliveryStreamStats[] {
    return this.#streams.map((stream) => stream.stats());
  }

  /** Delivers every buffer now, whatever the buffering hints (tests, and people who want to look). */
  public async flush(): Promise<void> {
    await Promise.all(this.#streams.map((stream) => stream.deliver()));
  }

  /** Stops reading, delivers what is buffered, saves checkpoints. */
  public async stop(): Promise<void> {
    await Promise.all(this.#streams.splice(0).map((stream) => stream.stop()));
  }
}
