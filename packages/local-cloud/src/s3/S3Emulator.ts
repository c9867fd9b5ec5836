import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
import { LOOPBACK } from '../util/net';

export interface S3EmulatorOptions {
  port: number;
  /** Where buckets and objects are kept (plain files). */
  dataDir: string;
}

/**
 * The local S3 endpoint: s3rver, in this process, path-style, storing objects as files. It accepts only
 * the credentials S3RVER/S3RVER, which is why the local environment uses them for every service.
 */
export class S3Emulator {
  readonly #server: S3rver;
  readonly #port: number;

  private constructor(server: S3rver, port: number) {
    this.#server = server;
    this.#port = port;
  }

  public static async start(options: S3EmulatorOptions): Promise<S3Emulator> {
    mkdirSync(options.dataDir, { recursive: true });
    const server = new S3rver({
      address: LOOPBACK,
      port: options.port,
      directory: options.dataDir,
      silent: true,
      vhostBuckets: false,
    });
    const address = await server.run();
    return new S3Emulator(server, address.port);
  }

  public get endpoint(): string {
    return `http://${LOOPBACK}:${this.#port}`;
  }

  public async stop(): Promise<void> {
    await this.#server.close();
  }
}
