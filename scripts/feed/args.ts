import { parseArgs } from 'node:util';

export type Skew = { kind: 'uniform' } | { kind: 'zipf'; exponent: number };

export interface FeedOptions {
  rate: number;
  duration: number;
  posts: number;
  members: number;
  skew: Skew;
  unclap: number;
  target: 'http' | 'stream';
  /** Most requests in flight at once (the generator is open-loop until this cap). */
  concurrency: number;
  /** Share of accepted claps whose clap→read-model latency is probed. */
  probe: number;
  /** Seconds to wait for the read models to converge after the run. */
  convergeTimeout: number;
  dataDir: string;
  report: string | undefined;
  quiet: boolean;
  seed: number;
}

export const USAGE = `Usage: npm run feed -- [options]

Drives claps into the running local system (or any deployment of it), then waits for the read models to
converge and reports throughput, latencies and mismatches.

  --rate <n>              claps per second (default 100)
  --duration <s>          seconds of load (default 30)
  --posts <n>             posts to create and clap on (default 20)
  --members <n>           distinct members clapping (default 500)
  --skew uniform|zipf:<s> how claps spread over posts (default zipf:1.1: a few hot posts)
  --unclap <fraction>     share of requests that unclap (DELETE) instead of setting a count (default 0.1)
  --target http|stream    through the HTTP API (default) or as events straight into the claps stream
  --concurrency <n>       most requests in flight (default 256)
  --probe <fraction>      share of claps whose clap→read-model latency is measured (default 0.05; at most
                          12 probes at once, each polling the post every 200 ms)
  --converge-timeout <s>  how long to wait for the read models to converge (default 60)
  --data-dir <dir>        the local cloud's data folder, for its address and tokens (default .local-cloud)
  --report <file>         where to write the JSON report (default reports/feed-<time>.json, plus an SVG chart)
  --seed <n>              random seed (default 1)
  --quiet                 no progress lines`;

const parseSkew = (value: string): Skew => {
  if (value === 'uniform') return { kind: 'uniform' };
  const zipf = /^zipf:(\d+(?:\.\d+)?)$/.exec(value);
  if (zipf) return { kind: 'zipf', exponent: Number(zipf[1]) };
  throw new Error(`--skew must be "uniform" or "zipf:<exponent>", got "${value}"`);
};

const positive = (name: string, value: string | undefined, integer = true): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${value}"`);
  }
  return n;
};

const fraction = (name: string, value: string | undefined): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new Error(`--${name} must be between 0 and 1, got "${value}"`);
  return n;
};

/** Parses and validates the command line; throws with a message that names the wrong option. */
export const parseFeedArgs = (argv: string[]): FeedOptions | 'help' => {
  const { values } = parseArgs({
    args: argv,
    options: {
      rate: { type: 'string', default: '100' },
      duration: { type: 'string', default: '30' },
      posts: { type: 'string', default: '20' },
      members: { type: 'string', default: '500' },
      skew: { type: 'string', default: 'zipf:1.1' },
      unclap: { type: 'string', default: '0.1' },
      target: { type: 'string', default: 'http' },
      concurrency: { type: 'string', default: '256' },
      probe: { type: 'string', default: '0.05' },
      'converge-timeout': { type: 'string', default: '60' },
      'data-dir': { type: 'string', default: '.local-cloud' },
      report: { type: 'string' },
      seed: { type: 'string', default: '1' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.target !== 'http' && values.target !== 'stream') {
    throw new Error(`--target must be "http" or "stream", got "${values.target}"`);
  }
  return {
    rate: positive('rate', values.rate, false),
    duration: positive('duration', values.duration, false),
    posts: positive('posts', values.posts),
    members: positive('members', values.members),
    skew: parseSkew(values.skew),
    unclap: fraction('unclap', values.unclap),
    target: values.target,
    concurrency: positive('concurrency', values.concurrency),
    probe: fraction('probe', values.probe),
    convergeTimeout: positive('converge-timeout', values['converge-timeout'], false),
    dataDir: values['data-dir'],
    report: values.report,
    quiet: values.quiet,
    seed: positive('seed', values.seed),
  };
};
