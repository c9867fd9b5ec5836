import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FeedOptions, parseFeedArgs, USAGE } from './feed/args';
import { writeLineChart } from './feed/chart';
import { converge } from './feed/converge';
import { drive } from './feed/drive';
import { ExpectedClaps } from './feed/ExpectedClaps';
import { LocalSystem } from './feed/LocalSystem';
import { Progress } from './feed/Progress';
import { type ClapTarget, HttpClapTarget, StreamClapTarget } from './feed/targets';
import { describeMachine, type Machine } from './lib/reports';

/**
 * The load generator: `npm run feed -- --rate 200 --duration 60 --posts 50 --members 1000 --skew zipf:1.1`.
 * Creates posts, drives claps, waits for the read models to converge and reports; see scripts/feed/args.ts.
 */

const say = (options: FeedOptions, line: string) => {
  if (!options.quiet) process.stdout.write(`${line}\n`);
};

/** Creates the posts and waits until the claps service knows them all (PostPublished has arrived). */
const createPosts = async (system: LocalSystem, count: number): Promise<string[]> => {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, count - i) }, (_, j) =>
        system.call('POST', '/posts', `feed-author-${(i + j) % 10}`, {
          title: `Feed post ${i + j + 1}`,
          body: 'Load.',
        }),
      ),
    );
    for (const response of batch) {
      if (response.status !== 201)
        throw new Error(`POST /posts answered ${response.status}: ${JSON.stringify(response.body)}`);
      ids.push(String(response.body?.postId));
    }
  }
  const deadline = Date.now() + 60_000;
  for (const postId of ids) {
    while ((await system.call('GET', `/posts/${postId}/claps/me`, 'feed-probe')).status !== 200) {
      if (Date.now() > deadline) throw new Error(`Post ${postId} never became clappable`);
      await sleep(100);
    }
  }
  return ids;
};

export interface FeedReport {
  options: FeedOptions;
  startedAt: string;
  machine: Machine;
  sent: number;
  accepted: number;
  backpressured: number;
  errors: Record<string, number>;
  durationSeconds: number;
  acceptedPerSecond: number;
  requestLatencyMs: ReturnType<import('./feed/Histogram').Histogram['summary']>;
  readModelLatencyMs: ReturnType<import('./feed/Histogram').Histogram['summary']>;
  probeTimeouts: number;
  convergence: { converged: boolean; seconds: number };
  mismatches: number;
  mismatchSamples: unknown[];
  timeline: unknown[];
}

export const runFeed = async (options: FeedOptions): Promise<FeedReport> => {
  const system = new LocalSystem(options.dataDir);
  const startedAt = new Date().toISOString();
  say(options, `▸ ${system.baseUrl}: creating ${options.posts} posts`);
  const postIds = await createPosts(system, options.posts);
  const target: ClapTarget =
    options.target === 'http' ? new HttpClapTarget(system) : new StreamClapTarget(system);
  say(
    options,
    `▸ clapping through ${target.name} at ${options.rate}/s for ${options.duration}s (${options.members} members, skew ${options.skew.kind === 'zipf' ? `zipf:${options.skew.exponent}` : 'uniform'}, unclap ${options.unclap})`,
  );
  const expected = new ExpectedClaps();
  const progress = new Progress(options.duration, options.quiet);
  const result = await drive(options, target, system, postIds, expected, progress);
  progress.stop();
  await target.close();
  say(options, `▸ waiting for the read models to converge (up to ${options.convergeTimeout}s)`);
  const convergence = await converge(system, expected, options.convergeTimeout);
  return {
    options,
    startedAt,
    machine: describeMachine(),
    sent: result.sent,
    accepted: result.accepted,
    backpressured: result.backpressured,
    errors: result.errors,
    durationSeconds: Math.round(result.durationSeconds * 10) / 10,
    acceptedPerSecond: Math.round((result.accepted / result.durationSeconds) * 10) / 10,
    requestLatencyMs: result.requestLatency.summary(),
    readModelLatencyMs: result.readModelLatency.summary(),
    probeTimeouts: result.probeTimeouts,
    convergence: { converged: convergence.converged, seconds: Math.round(convergence.seconds * 10) / 10 },
    mismatches: convergence.mismatches.length,
    mismatchSamples: convergence.mismatches.slice(0, 10),
    timeline: result.timeline,
  };
};

/** Writes the report as JSON and its timeline as an SVG chart next to it; returns the JSON path. */
export const writeFeedReport = async (report: FeedReport, file: string | undefined): Promise<string> => {
  const path = file ?? join('reports', `feed-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(report, null, 2));
  const timeline = report.timeline as Array<{
    second: number;
    p50: number | null;
    p99: number | null;
    readModelP99: number | null;
    accepted: number;
  }>;
  await writeLineChart(
    path.replace(/\.json$/, '-latency.svg'),
    `Latency per second (${report.options.target}, ${report.options.rate}/s)`,
    'second of the run',
    'milliseconds',
    timeline.flatMap((point) => [
      { x: point.second, y: point.p50, series: 'request p50' },
      { x: point.second, y: point.p99, series: 'request p99' },
      { x: point.second, y: point.readModelP99, series: 'clap → read model p99' },
    ]),
  );
  await writeLineChart(
    path.replace(/\.json$/, '-throughput.svg'),
    'Accepted claps per second',
    'second of the run',
    'claps/s',
    timeline.map((point) => ({ x: point.second, y: point.accepted, series: 'accepted' })),
  );
  return path;
};

export const printFeedReport = (report: FeedReport, path: string): void => {
  const ms = (value: number | null) => (value === null ? '-' : `${Math.round(value)} ms`);
  const errors =
    Object.entries(report.errors)
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ') || 'none';
  process.stdout.write(`
  sent                 ${report.sent} (${report.backpressured} not sent: ${report.options.concurrency} already in flight)
  accepted             ${report.accepted}  (${report.acceptedPerSecond}/s over ${report.durationSeconds}s)
  errors               ${errors}
  request latency      p50 ${ms(report.requestLatencyMs.p50)}  p95 ${ms(report.requestLatencyMs.p95)}  p99 ${ms(report.requestLatencyMs.p99)}
  clap → read model    p50 ${ms(report.readModelLatencyMs.p50)}  p99 ${ms(report.readModelLatencyMs.p99)}  (${report.readModelLatencyMs.count} probes, ${report.probeTimeouts} timed out)
  converged            ${report.convergence.converged ? `yes, ${report.convergence.seconds}s after the load` : `NO after ${report.convergence.seconds}s`}
  mismatches           ${report.mismatches}
  report               ${path} (+ -latency.svg, -throughput.svg)
`);
};

const main = async () => {
  const parsed = parseFeedArgs(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const report = await runFeed(parsed);
  const path = await writeFeedReport(report, parsed.report);
  printFeedReport(report, path);
  if (report.mismatches > 0) process.exitCode = 1;
};

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`\n✖ ${error.message}\n`);
    process.exit(1);
  });
}
