import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { stopChild } from '../util/children';
import { LOOPBACK, waitForPort } from '../util/net';
import { spawnServerless } from './runServerless';

const SEMI_SPACE_FLAG = '--max-semi-space-size=2';

export interface ServerlessOfflineOptions {
  rootDir: string;
  /** Extra CLI arguments (the compose service's `--param`s). */
  extraArgs?: string[];
  serviceDir: string;
  stage: string;
  httpPort: number;
  lambdaPort: number;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Resolved environment per function key, handed to the functions by @kes/local-cloud/serverless-plugin. */
  functionEnvironment: Record<string, Record<string, string>>;
  functionEnvFile: string;
}

/**
 * One service's functions, run by serverless-offline (worker threads, the bundle serverless-esbuild
 * builds), reachable through its Lambda Invoke endpoint on loopback.
 */
export class ServerlessOffline {
  readonly #child: ChildProcess;
  public readonly lambdaEndpoint: string;

  private constructor(child: ChildProcess, lambdaPort: number) {
    this.#child = child;
    this.lambdaEndpoint = `http://${LOOPBACK}:${lambdaPort}`;
  }

  public static async start(options: ServerlessOfflineOptions): Promise<ServerlessOffline> {
    mkdirSync(dirname(options.functionEnvFile), { recursive: true });
    writeFileSync(options.functionEnvFile, JSON.stringify(options.functionEnvironment, null, 2));
    const child = spawnServerless({
      rootDir: options.rootDir,
      serviceDir: options.serviceDir,
      logFile: options.logFile,
      args: [
        'offline',
        'start',
        '--stage',
        options.stage,
        '--host',
        LOOPBACK,
        '--httpPort',
        String(options.httpPort),
        '--lambdaPort',
        String(options.lambdaPort),
        '--noPrependStageInUrl',
        // The local HTTP API gateway authorizes requests and invokes functions through the Lambda
        // endpoint; serverless-offline's own HTTP server is not used (and cannot configure JWT
        // authorizers that live in another stack).
        '--noAuth',
        // Handlers run in serverless-offline's own process (one per service), not one worker thread per
        // concurrent invocation: a worker is a full cold start and ~150 MB, so a burst of requests would
        // starve a laptop. Functions of a service share that process; their environments hold the same
        // values (they come from the same stack), so sharing process.env is harmless.
        '--useInProcess',
        ...(options.extraArgs ?? []),
      ],
      env: {
        ...options.env,
        KES_LOCAL_FUNCTION_ENV: options.functionEnvFile,
        // V8 grows the young generation to 3 × 16 MiB while osls loads and keeps it: capped, each process
        // is ~55–70 MB smaller (decision 0029) for a few more, very short, scavenges.
        NODE_OPTIONS: `${options.env.NODE_OPTIONS ?? ''} ${SEMI_SPACE_FLAG}`.trim(),
      },
    });
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(
          new Error(
            `serverless offline exited (code ${code}) in ${options.serviceDir}; see ${options.logFile}`,
          ),
        ),
      ),
    );
    await Promise.race([
      waitForPort(options.lambdaPort, `serverless-offline (${options.serviceDir})`, 120_000),
      exited,
    ]);
    return new ServerlessOffline(child, options.lambdaPort);
  }

  public get pid(): number | undefined {
    return this.#child.pid;
  }

  public async stop(): Promise<void> {
    await stopChild(this.#child, 3_000);
  }
}
