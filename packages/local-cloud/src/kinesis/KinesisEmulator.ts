import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOOPBACK } from '../util/net';
import { FaultInjector, type InjectedError, type KinesisFaults } from './faults';
import { KinesaliteBackend } from './KinesaliteBackend';
import { KinesisFront } from './KinesisFront';
import { AWS_KINESIS_LIMITS, type KinesisLimits } from './limits/KinesisLimits';
import { MaxRecordSizes } from './limits/MaxRecordSizes';
import { ShardLimiter } from './limits/ShardLimiter';
import { ShardRouter } from './limits/ShardRouter';
import { type ThrottleCount, ThrottleCounters } from './limits/ThrottleCounters';

export interface KinesisEmulatorOptions {
  /** Port of the Kinesis endpoint (0 = any free port). */
  port: number;
  /** Directory for on-disk data (LevelDB); in memory when omitted. */
  dataDir?: string;
  faults?: KinesisFaults;
  /**
   * AWS's shard limits (1,000 records/s and 1 MiB/s written, 5 GetRecords/s and 2 MiB/s read per shard,
   * …): on by default; `false` turns them off; an object overrides some values (the rest stay AWS's).
   * Record-size checks apply either way.
   */
  limits?: boolean | Partial<KinesisLimits>;
  /** Clock of the shard limits (tests). */
  now?: () => number;
}

const operationOf = (req: IncomingMessage): string => {
  const target = req.headers['x-amz-target'];
  return typeof target === 'string' ? (target.split('.')[1] ?? '') : '';
};

const sendError = (res: ServerResponse, contentType: string, error: InjectedError): void => {
  const body = JSON.stringify({ __type: error.code, message: error.message });
  res.writeHead(error.status, {
    'Content-Type': contentType || 'application/x-amz-json-1.1',
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-ErrorType': error.code,
  });
  res.end(body);
};

const limitsFrom = (option: KinesisEmulatorOptions['limits']): KinesisLimits | undefined =>
  option === false ? undefined : { ...AWS_KINESIS_LIMITS, ...(option === true ? {} : option) };

/**
 * The local Kinesis Data Streams endpoint: kinesalite, in this process, behind a front that applies
 * AWS's shard limits and record sizes (see KinesisFront) and can inject AWS's failures (throttling,
 * internal errors, latency, outages). Requests pass to kinesalite's handler in-process, without a second
 * HTTP hop.
 *
 * @example
 * const kinesis = await KinesisEmulator.start({ port: 0 });
 * // … AWS SDK clients with endpoint kinesis.endpoint …
 * kinesis.throttles({ operation: 'GetRecords' }); // [{ streamName, shardId, operation, calls, records }]
 * await kinesis.stop();
 */
export class KinesisEmulator {
  public readonly faults: FaultInjector;
  /** The shard limits in force, or `undefined` when they are off. */
  public readonly limits: Readonly<KinesisLimits> | undefined;
  readonly #server: Server;
  readonly #backend: KinesaliteBackend;
  readonly #throttles: ThrottleCounters;
  readonly #port: number;

  private constructor(init: {
    server: Server;
    backend: KinesaliteBackend;
    faults: FaultInjector;
    throttles: ThrottleCounters;
    limits: KinesisLimits | undefined;
    port: number;
  }) {
    this.#server = init.server;
    this.#backend = init.backend;
    this.faults = init.faults;
    this.#throttles = init.throttles;
    this.limits = init.limits;
    this.#port = init.port;
  }

  public static async start(options: KinesisEmulatorOptions): Promise<KinesisEmulator> {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const backend = new KinesaliteBackend(options.dataDir ? { dataDir: options.dataDir } : {});
    const faults = new FaultInjector(options.faults);
    const limits = limitsFrom(options.limits);
    const throttles = new ThrottleCounters();
    const front = new KinesisFront({
      backend,
      limiter: limits ? new ShardLimiter(limits, options.now) : undefined,
      router: new ShardRouter(async (streamName) => {
        const response = await backend.callJson('ListShards', { StreamName: streamName });
        if (response.status !== 200) return undefined;
        return (JSON.parse(response.body.toString('utf8')) as { Shards?: [] }).Shards ?? [];
      }),
      recordSizes: new MaxRecordSizes(
        options.dataDir ? join(options.dataDir, 'max-record-sizes.json') : undefined,
      ),
      throttles,
      accountId: (process.env.AWS_ACCOUNT_ID || '000000000000').replace(/\D/g, ''),
    });

    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void (async () => {
          const latency = faults.latencyMs();
          if (latency > 0) await sleep(latency);
          const operation = operationOf(req);
          const injected = faults.errorFor(operation);
          if (injected) return sendError(res, String(req.headers['content-type'] ?? ''), injected);
          await front.handle(req, operation, Buffer.concat(chunks), res);
        })().catch((error: Error) => {
          if (!res.headersSent)
            sendError(res, String(req.headers['content-type'] ?? ''), {
              status: 500,
              code: 'InternalFailure',
              message: error.message,
            });
        });
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, LOOPBACK, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return new KinesisEmulator({ server, backend, faults, throttles, limits, port });
  }

  public get port(): number {
    return this.#port;
  }

  public get endpoint(): string {
    return `http://${LOOPBACK}:${this.#port}`;
  }

  public setFaults(faults: KinesisFaults): void {
    this.faults.set(faults);
  }

  /**
   * Calls throttled by the shard limits since start (or {@link resetThrottles}), per stream, shard and
   * operation; optionally of one stream and/or operation.
   */
  public throttles(filter: { streamName?: string; operation?: string } = {}): ThrottleCount[] {
    return this.#throttles.list(filter);
  }

  /** Throttled calls of one operation (e.g. `GetRecords`), summed over shards (optionally of one stream). */
  public throttledCalls(
    operation: 'PutRecord' | 'PutRecords' | 'GetRecords' | 'GetShardIterator',
    streamName?: string,
  ): number {
    return this.#throttles.total(operation, streamName);
  }

  /** Sets every throttle count back to zero. */
  public resetThrottles(): void {
    this.#throttles.reset();
  }

  /** Stops listening and closes the data store (flushing it to disk). */
  public async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await this.#backend.close();
  }
}
