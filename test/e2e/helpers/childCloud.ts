import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/**
 * A local cloud in its own process, started with the same CLI as `npm start` (free ports, the given
 * data folder): a test can stop it with Ctrl-C (SIGINT) or crash it (SIGKILL to every process).
 */
export class ChildCloud {
  readonly #child: ChildProcess;
  readonly dataDir: string;

  private constructor(child: ChildProcess, dataDir: string) {
    this.#child = child;
    this.dataDir = dataDir;
  }

  public static async start(dataDir: string, extraArgs: string[] = []): Promise<ChildCloud> {
    const child = spawn(
      join(root, 'node_modules', '.bin', 'tsx'),
      [
        'packages/local-cloud/src/cli/start.ts',
        '--data-dir',
        dataDir,
        '--port',
        '0',
        '--control-port',
        '0',
        '--poll-interval-ms',
        '200',
        ...extraArgs,
      ],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
    );
    const log = createWriteStream(join(dataDir, `child-${Date.now()}.log`));
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Local cloud ready')) resolve();
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) =>
        reject(new Error(`the local cloud exited (${code}) while starting:\n${output.slice(-2000)}`)),
      );
    });
    return new ChildCloud(child, dataDir);
  }

  /** Ctrl-C: the local cloud stops everything it started and exits. */
  public async stop(): Promise<void> {
    const exited = new Promise<number | null>((resolve) => this.#child.once('exit', (code) => resolve(code)));
    this.#child.kill('SIGINT');
    await exited;
  }

  /** A crash: SIGKILL to the local cloud and every process it started, nobody gets to clean up. */
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
    await exited;
  }
}
