import { type ChildProcess, execFile } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { stopChild } from '../util/children';
import { LOOPBACK, waitForPort } from '../util/net';
import { spawnGuarded } from '../util/spawnGuarded';

const run = promisify(execFile);

/** The Java sources the local cloud runs with DynamoDB Local's jars (java/ in this package). */
const JAVA_SOURCES = join(__dirname, '..', '..', 'java');

export interface DynamoDbLocalOptions {
  port: number;
  /** Directory of the SQLite database file; in memory when omitted. */
  dataDir?: string;
  /**
   * With a `dataDir`: fsync every commit, as DynamoDB Local does by default (survives power loss). Default
   * false: SQLite in WAL mode with synchronous=NORMAL (java/DynamoDbLocalLauncher.java), which survives
   * restarts and crashes of DynamoDB Local but may lose the last commits on power loss — and writes several
   * times faster, because DynamoDB Local commits each item of a batch on its own (decision 0027).
   */
  durableCommits?: boolean;
  /** Where DynamoDB Local's output goes. */
  logFile: string;
  /** JVM heap, e.g. `512m`. */
  heap?: string;
  /** Called with one line when something worth telling the user happens (e.g. the index patch was skipped). */
  onNotice?: (message: string) => void;
}

/** DynamoDB Local needs Java; the message says what to do instead of a bare ENOENT. */
export class JavaNotFoundError extends Error {
  public constructor(cause?: unknown) {
    super(
      'DynamoDB Local needs Java 17 or newer on PATH, and `java` was not found. Install a JDK ' +
        '(Debian/Ubuntu: `apt-get install openjdk-17-jdk-headless`, macOS: `brew install openjdk@17`) and run again.',
      { cause },
    );
    this.name = 'JavaNotFoundError';
  }
}

/** The directory holding DynamoDBLocal.jar, inside the npm package `amplify-dynamodb-simulator`. */
export const dynamoDbLocalHome = (): string => {
  const require = createRequire(__filename);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
};

/** The Java major version on PATH; throws {@link JavaNotFoundError} when there is none. */
export const javaMajorVersion = async (): Promise<number> => {
  try {
    const { stderr, stdout } = await run('java', ['-version']);
    const match = /version "(\d+)(?:\.(\d+))?/.exec(`${stderr}${stdout}`);
    const major = Number(match?.[1] ?? 0);
    return major === 1 ? Number(match?.[2] ?? 0) : major;
  } catch (error) {
    throw new JavaNotFoundError(error);
  }
};

let compiler: Promise<boolean> | undefined;

/** Whether the Java on PATH can run a source file (a JDK, not only a JRE): checked once. */
const javaCanRunSources = (): Promise<boolean> => {
  compiler ??= run('java', ['--list-modules'])
    .then(({ stdout }) => /^jdk\.compiler@/m.test(stdout))
    .catch(() => false);
  return compiler;
};

/**
 * AWS's own DynamoDB Local (transactions, conditional writes, DynamoDB Streams), run on the machine's
 * Java, listening on loopback. With a `dataDir` the data survives restarts.
 */
export class DynamoDbLocal {
  readonly #child: ChildProcess;
  readonly #port: number;

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.#port = port;
  }

  public static async start(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
    const major = await javaMajorVersion();
    if (major < 17) throw new Error(`DynamoDB Local needs Java 17 or newer; found Java ${major}`);
    const home = dynamoDbLocalHome();
    const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile, { flags: 'a' });
    const lib = join(home, 'DynamoDBLocal_lib');
    const fastCommits = Boolean(options.dataDir) && !options.durableCommits;
    const launcher = fastCommits && (await javaCanRunSources());
    if (fastCommits && !launcher)
      options.onNotice?.(
        'DynamoDB Local: no JDK compiler for java/DynamoDbLocalLauncher.java, so SQLite fsyncs every item ' +
          'written (several times slower on a disk). A full JDK fixes this.',
      );
    const child = spawnGuarded(
      'java',
      [
        `-Xmx${options.heap ?? '768m'}`,
        '-XX:+UseSerialGC',
        `-Djava.library.path=${lib}`,
        ...(launcher
          ? [
              '-cp',
              `${join(home, 'DynamoDBLocal.jar')}:${lib}/*`,
              join(JAVA_SOURCES, 'DynamoDbLocalLauncher.java'),
            ]
          : ['-jar', join(home, 'DynamoDBLocal.jar')]),
        '-port',
        String(options.port),
        '-sharedDb',
        '-disableTelemetry',
        ...storage,
      ],
      { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) =>
        reject(new Error(`DynamoDB Local exited with code ${code} while starting; see ${options.logFile}`)),
      ),
    );
    await Promise.race([waitForPort(options.port, 'DynamoDB Local'), exited]);
    const instance = new DynamoDbLocal(child, options.port);
    if (options.dataDir) await instance.#patchStreamsIndex(home, options.dataDir, options.onNotice);
    return instance;
  }

  public get endpoint(): string {
    return `http://${LOOPBACK}:${this.#port}`;
  }

  public get pid(): number | undefined {
    return this.#child.pid;
  }

  public async stop(): Promise<void> {
    await stopChild(this.#child);
  }

  /** See java/PatchStreamsIndex.java: without this index, stream-enabled tables slow each other down. */
  async #patchStreamsIndex(
    home: string,
    dataDir: string,
    onNotice?: (message: string) => void,
  ): Promise<void> {
    // The first request makes DynamoDB Local create its database file and tables.
    const client = new DynamoDBClient({
      endpoint: this.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(new ListTablesCommand({}));
    client.destroy();
    const dbFile = join(dataDir, 'shared-local-instance.db');
    if (!existsSync(dbFile)) return;
    const source = join(JAVA_SOURCES, 'PatchStreamsIndex.java');
    const lib = join(home, 'DynamoDBLocal_lib');
    try {
      await run('java', ['-cp', `${lib}/*`, `-Djava.library.path=${lib}`, source, dbFile], {
        timeout: 60_000,
      });
    } catch (error) {
      // A JRE without the compiler cannot launch a source file: DynamoDB Local still works, only slower.
      onNotice?.(
        `DynamoDB Local: could not add the streams index (${(error as Error).message.split('\n')[0]}); ` +
          'writes to stream-enabled tables will slow down as their streams grow. A full JDK fixes this.',
      );
    }
  }
}
