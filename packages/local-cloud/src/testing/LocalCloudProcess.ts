import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A local cloud in a process of its own, started with the same CLI as `npm start` (any free ports unless
 * `args` say otherwise): for tests that must restart it or crash it, and for benchmarks that measure it
 * from outside. Its output goes to `<dataDir>/cli-<time>.log`. Unlike `npm start`, its schedules do not
 * run on the clock (`--no-schedules`: a scheduled function firing in the middle of a measurement would
 * make it nondeterministic) unless `args` include `--schedules`; they run on demand through the control
 * endpoint (`POST /schedules/<rule>/run`).
 *
 * @example
 * const cloud = await LocalCloudProcess.start(root, dataDir, ['--poll-interval-ms', '200']);
 * await cloud.kill();   // a crash: SIGKILL to every process, nobody cleans up
 */
export class LocalCloudProcess {
  readonly #child: ChildProcess;
  public readonly dataDir: string;

  private constructor(child: ChildProcess, dataDir: string) {
    this.#child = child;
    this.dataDir = dataDir;
  }

  public static async start(
    rootDir: string,
    dataDir: string,
    args: string[] = [],
  ): Promise<LocalCloudProcess> {
    const child = spawn(
      join(rootDir, 'node_modules', '.bin', 'tsx'),
      [
        'packages/local-cloud/src/cli/start.ts',
        '--data-dir',
        dataDir,
        '--port',
        '0',
        '--control-port',
        '0',
        ...(args.includes('--schedules') ? [] : ['--no-schedules']),
        ...args.filter((arg) => arg !== '--schedules'),
      ],
      {
        cwd: rootDir,
        // stdin stays open while this process lives: when it dies, even by SIGKILL, the pipe closes and
        // the local cloud stops itself instead of outliving the test or benchmark that started it.
        stdio: ['pipe', 'pipe', 'pipe'],
        env: {
          ...process.env,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
          KES_STOP_WHEN_STDIN_CLOSES: '1',
        },
      },
    );
    const log = createWriteStream(join(dataDir, `cli-${Date.now()}.log`));
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    await new Promise<void>((resolve, reject) => {
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Local cloud ready')) resolve();
      });
      // Why it failed is on stderr (the CLI's "✖ …"): keep it for the error, the log file is the whole story.
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', (code) =>
        reject(
          new Error(
            `the local cloud exited (${code}) while starting (log: ${join(dataDir, 'cli-*.log')}):\n${output.slice(-3000)}`,
          ),
        ),
      );
    });
    return new LocalCloudProcess(child, dataDir);
  }

  /** The CLI process (the root of the local cloud's process tree). */
  public get pid(): number {
    return this.#child.pid as number;
  }

  /** Ctrl-C: the local cloud stops everything it started and exits. */
  public async stop(): Promise<void> {
    if (this.#child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.kill('SIGINT');
    await exited;
  }

  /** A crash: SIGKILL to the local cloud and every process it started (from state/pids.json). */
  public async kill(): Promise<void> {
    const pids = JSON.parse(readFileSync(join(this.dataDir, 'state', 'pids.json'), 'utf8')) as {
      main: number;
      children: number[];
    };
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    for (const pid of pids.children) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.kill(pids.main, 'SIGKILL');
    this.#child.kill('SIGKILL');
    await exited;
  }
}
