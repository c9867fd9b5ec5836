import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import kinesalite from 'kinesalite';
import { LOOPBACK } from '../util/net';
import { FaultInjector, type InjectedError, type KinesisFaults } from './faults';

export interface KinesisEmulatorOptions {
  /** Port of the Kinesis endpoint (0 = any free port). */
  port: number;
  /** Directory for on-disk data (LevelDB); in memory when omitted. */
  dataDir?: string;
  faults?: KinesisFaults;
}

type Handler = (req: unknown, res: ServerResponse) => void;

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

/**
 * The local Kinesis Data Streams endpoint: kinesalite, in this process, behind a front that can inject
 * AWS's failures (throttling, internal errors, latency, outages). Requests pass to kinesalite's handler
 * in-process, without a second HTTP hop.
 */
export class KinesisEmulator {
  public readonly faults: FaultInjector;
  readonly #server: Server;
  readonly #kinesalite: Server;
  readonly #port: number;

  private constructor(server: Server, kinesaliteServer: Server, faults: FaultInjector, port: number) {
    this.#server = server;
    this.#kinesalite = kinesaliteServer;
    this.faults = faults;
    this.#port = port;
  }

  public static async start(options: KinesisEmulatorOptions): Promise<KinesisEmulator> {
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    const backend = kinesalite({
      createStreamMs: 0,
      deleteStreamMs: 0,
      updateStreamMs: 0,
      shardLimit: 1000,
      ...(options.dataDir ? { path: options.dataDir } : {}),
    });
    const handle = backend.listeners('request')[0] as Handler;
    const faults = new FaultInjector(options.faults);

    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        void (async () => {
          const latency = faults.latencyMs();
          if (latency > 0) await sleep(latency);
          const injected = faults.errorFor(operationOf(req));
          if (injected) return sendError(res, String(req.headers['content-type'] ?? ''), injected);
          // kinesalite reads the body from 'data'/'end' events: replay what we buffered.
          const forwarded = Object.assign(new EventEmitter(), {
            headers: req.headers,
            method: req.method,
            url: req.url,
          });
          handle(forwarded, res);
          if (chunks.length > 0) forwarded.emit('data', Buffer.concat(chunks));
          forwarded.emit('end');
        })();
      });
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, LOOPBACK, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return new KinesisEmulator(server, backend, faults, port);
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

  /** Stops listening and closes the data store (flushing it to disk). */
  public async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    // kinesalite closes its LevelDB, then its (never started) HTTP server, which reports "not running".
    await new Promise<void>((resolve) => this.#kinesalite.close(() => resolve()));
  }
}
