import { setTimeout as sleep } from 'node:timers/promises';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { createAwsClients } from '@kes/aws-clients';
import {
  JobStore,
  ReplayRunner,
  type ReplaySpec,
  resolveTarget,
  sourceFor,
} from '../../../services/replay/src';
import { compareTables, type TableComparison } from './compareTables';
import { createTableLike } from './createTableLike';
import { startProjection } from './startProjection';

export interface RebuildOptions {
  /** The local cloud's client environment and stage (physical names are `kes-<stage>-…`). */
  env: Record<string, string>;
  stage: string;
  /** The replay's range: from ≤ occurredAt < to. */
  from: string;
  to: string;
  /** Only these posts (replayed through their histories, compared alone); every post when absent. */
  postIds?: string[];
  /** Share of the replay stream's write limit. Default 0.8 (the replay service's). */
  rateShare?: number;
  /** Keep the rebuilt table (default: deleted after the comparison). */
  keep?: boolean;
  /** Default `kes-<stage>-posts-rebuild-<yyyyMMddTHHmmssZ>`. */
  tableName?: string;
  /** Fails the run when the projection has not caught up this long after the replay ended. Default 120 s. */
  catchUpTimeoutMs?: number;
  /** Every ~2 s while replaying and projecting. */
  onProgress?: (progress: RebuildProgress) => void;
}

export interface RebuildProgress {
  phase: 'replay' | 'projection';
  elapsedSeconds: number;
  /** Confirmed in the replay stream (at the last checkpoint while the job runs). */
  sent: number;
  /** Applied by the projection so far. */
  projected: number;
}

export interface RebuildReport {
  liveTable: string;
  rebuiltTable: string;
  kept: boolean;
  jobId: string;
  range: { from: string; to: string };
  replay: { scanned: number; sent: number; bytes: number; seconds: number; recordsPerSecond: number };
  projection: {
    records: number;
    invocations: number;
    discarded: number;
    seconds: number;
    recordsPerSecond: number;
  };
  comparison: TableComparison;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** `20261122T181500Z`: sorts as time, and only characters a table name may hold. */
const compactTime = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/**
 * The demo's core: rebuilds the posts read model (post id → claps, clappers, version, asOf) from scratch and
 * compares it with the live one. Creates a fresh table with the live table's schema, runs a replay job of
 * every PostClapsTotalChanged in the range from the event store into the replay stream, projects the replay
 * stream into the fresh table with the posts service's own projectClaps (startProjection), then scans both
 * tables and compares them item by item. Deletes the fresh table unless `keep`.
 *
 * @example
 * const report = await rebuildAndCompare({ env: cloud.env, stage: 'local', from, to: new Date().toISOString() });
 * if (!report.comparison.same) process.exitCode = 1;
 */
export const rebuildAndCompare = async (options: RebuildOptions): Promise<RebuildReport> => {
  const clients = createAwsClients(options.env, { kinesisMaxAttempts: 1 });
  const name = (suffix: string) => `kes-${options.stage}-${suffix}`;
  const liveTable = name('posts-claps');
  const rebuiltTable = options.tableName ?? name(`posts-rebuild-${compactTime(Date.now())}`);
  const replayStream = name('replay');
  const { StreamDescriptionSummary } = await clients.kinesis.send(
    new DescribeStreamSummaryCommand({ StreamName: replayStream }),
  );
  const deadLetterBucket = ((await clients.s3.send(new ListBucketsCommand({}))).Buckets ?? [])
    .map((bucket) => bucket.Name ?? '')
    .find((bucket) => bucket.includes(options.stage) && bucket.includes('deadletter'));
  if (!StreamDescriptionSummary?.StreamARN || !deadLetterBucket)
    throw new Error(`No replay stream ${replayStream} or dead-letter bucket in the local cloud`);

  await createTableLike(clients.dynamodb, liveTable, rebuiltTable);
  let kept = false;
  try {
    const jobs = new JobStore(clients.documents, name('replay-jobs'));
    const spec: ReplaySpec = {
      source: 'event-store',
      from: options.from,
      to: options.to,
      types: ['PostClapsTotalChanged'],
      ...(options.postIds ? { subjects: options.postIds.map((id) => ({ type: 'post', id })) } : {}),
      rateShare: options.rateShare ?? 0.8,
    };
    const job = await jobs.create(spec, resolveTarget(spec, replayStream));
    // The mapping reads from just before the job starts (a second of margin for clocks): older replays are
    // not ours. It is set up (the handler bundled) before the replay, so the timings below are the replay's.
    const mappedAt = Date.now();
    const projection = await startProjection({
      clients,
      env: options.env,
      functionName: name('posts-projectClaps-rebuild'),
      streamArn: StreamDescriptionSummary.StreamARN,
      tableName: rebuiltTable,
      deadLetterBucket,
      startAtMs: mappedAt - 1_000,
    });
    const started = Date.now();
    let sent = 0;
    let phase: RebuildProgress['phase'] = 'replay';
    const ticker = setInterval(() => {
      const elapsedSeconds = round((Date.now() - started) / 1000);
      options.onProgress?.({ phase, elapsedSeconds, sent, projected: projection.delivered });
    }, 2_000);
    try {
      const runner = new ReplayRunner({
        jobs,
        kinesis: clients.kinesis,
        sourceFor: sourceFor({ documents: clients.documents, s3: clients.s3, eventsTable: name('events') }),
        owner: `rebuild-posts:${job.jobId}`,
        writeMode: 'put-records',
        onProgress: (progress) => {
          sent = progress.sent;
        },
      });
      const done = await runner.run(job.jobId);
      sent = done.progress.sent;
      const replaySeconds = (Date.now() - started) / 1000;
      phase = 'projection';
      const deadline = Date.now() + (options.catchUpTimeoutMs ?? 120_000);
      // Caught up when it has handled, on every shard, the last record this job wrote there: records of
      // other replays in the stream (the mapping starts a second early) neither count nor stop the wait.
      const written = done.written ?? {};
      while (!projection.hasReached(written)) {
        if (Date.now() > deadline)
          throw new Error(
            `The projection applied ${projection.delivered} of ${sent} replayed records and did not catch up`,
          );
        await sleep(100);
      }
      const projectionSeconds = (Date.now() - started) / 1000;
      clearInterval(ticker);
      await projection.stop();

      const comparison = await compareTables(clients.documents, {
        liveTable,
        rebuiltTable,
        key: 'postId',
        ...(options.postIds ? { only: new Set(options.postIds) } : {}),
      });
      kept = options.keep ?? false;
      return {
        liveTable,
        rebuiltTable,
        kept,
        jobId: job.jobId,
        range: { from: options.from, to: options.to },
        replay: {
          scanned: done.progress.scanned,
          sent,
          bytes: done.progress.bytes,
          seconds: round(replaySeconds, 2),
          recordsPerSecond: round(sent / Math.max(replaySeconds, 0.001)),
        },
        projection: {
          records: projection.delivered,
          invocations: projection.invocations,
          discarded: projection.discarded,
          seconds: round(projectionSeconds, 2),
          recordsPerSecond: round(projection.delivered / Math.max(projectionSeconds, 0.001)),
        },
        comparison,
      };
    } finally {
      clearInterval(ticker);
      await projection.stop().catch(() => undefined);
    }
  } finally {
    if (!kept)
      await clients.dynamodb.send(new DeleteTableCommand({ TableName: rebuiltTable })).catch(() => undefined);
  }
};
