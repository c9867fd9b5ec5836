import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsClients } from '@kes/aws-clients';
import { EventSourceMappingEngine, LambdaInvoker, startFunctionEndpoint } from '@kes/local-cloud';
import type { Context, KinesisStreamEvent } from 'aws-lambda';

export interface ProjectionOptions {
  clients: AwsClients;
  /** The local cloud's client environment (endpoints, credentials), as the function's environment has it. */
  env: Record<string, string>;
  /** `kes-<stage>-posts-projectClaps-rebuild`: how the mapping and the function are named. */
  functionName: string;
  streamArn: string;
  /** The fresh table the projection writes to (the function's POST_CLAPS_TABLE). */
  tableName: string;
  /** The dead-letter bucket the live function uses (records it cannot read go there, under posts/projectClaps/). */
  deadLetterBucket: string;
  /** The mapping reads from here (AT_TIMESTAMP): the replay job's start. */
  startAtMs: number;
  pollIntervalMs?: number;
}

/** A running projection: the posts service's projectClaps, fed from the replay stream by an event-source mapping. */
export interface Projection {
  /** Records the function processed successfully. */
  readonly delivered: number;
  readonly invocations: number;
  /** Records given up after the mapping's retries (each one a difference the comparison will show). */
  readonly discarded: number;
  /** Whether, on every shard named, the projection has handled (applied or given up) the record with that sequence number. */
  hasReached(sequenceNumbers: Record<string, string>): boolean;
  stop(): Promise<void>;
}

/** The function's environment is this process's: one projection at a time. */
let running = false;

/**
 * Bundles the handler as serverless-esbuild does for deployment (bundle, CommonJS, Node platform, names
 * kept) and loads that bundle: the deployed code, with its own module state (clients created once per
 * "execution environment", bound to the environment set before its first invocation).
 */
const loadBundledHandler = async (workDir: string) => {
  const { build } = await import('esbuild');
  const outfile = join(workDir, 'projectClaps.cjs');
  await build({
    entryPoints: [join(__dirname, '..', '..', '..', 'services/posts/src/functions/projectClaps/handler.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    keepNames: true,
    outfile,
    logLevel: 'silent',
  });
  const { handler } = createRequire(__filename)(outfile) as { handler: unknown };
  return handler as (event: KinesisStreamEvent, context: Context) => Promise<unknown>;
};

/**
 * Runs the posts service's **own** `projectClaps` handler on the replay stream, writing to `tableName`: the
 * handler, bundled as for deployment, is loaded in this process with the environment its Lambda would have
 * but POST_CLAPS_TABLE pointed at the fresh table, served behind a Lambda Invoke endpoint, and fed by the
 * local cloud's event-source-mapping engine with the live mapping's settings (batch 500, ReportBatchItemFailures, bisect on
 * error) — so batching, retries and partial failures are Lambda's, and the code is the deployed code
 * (decision 0026). One at a time per process: the function's environment is the process's.
 *
 * @example
 * const projection = await startProjection({ clients, env, functionName, streamArn, tableName, deadLetterBucket, startAtMs });
 * while (projection.delivered < sent) await sleep(200);
 * await projection.stop();
 */
export const startProjection = async (options: ProjectionOptions): Promise<Projection> => {
  if (running) throw new Error('a rebuild projection is already running in this process (one at a time)');
  running = true;
  Object.assign(process.env, options.env, {
    POST_CLAPS_TABLE: options.tableName,
    DEAD_LETTER_BUCKET: options.deadLetterBucket,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const workDir = mkdtempSync(join(tmpdir(), 'kes-rebuild-'));
  const projectClaps = await loadBundledHandler(workDir).catch((error: unknown) => {
    running = false;
    throw error;
  });
  let invocation = 0;
  const fn = await startFunctionEndpoint(
    {
      [options.functionName]: (event) =>
        projectClaps(
          event as KinesisStreamEvent,
          {
            // No getRemainingTimeInMillis: middy then arms no early-timeout timer.
            awsRequestId: `rebuild-${++invocation}`,
            functionName: options.functionName,
          } as unknown as Context,
        ),
    },
    { recordEvents: false },
  );
  const checkpointDir = join(workDir, 'esm');
  mkdirSync(checkpointDir);
  const counts = { delivered: 0, invocations: 0, discarded: 0 };
  /** The highest sequence number handled per shard. */
  const reached = new Map<string, bigint>();
  const reach = (shardId: string, sequenceNumber: string | undefined) => {
    if (sequenceNumber === undefined) return;
    const at = BigInt(sequenceNumber);
    if (at > (reached.get(shardId) ?? -1n)) reached.set(shardId, at);
  };
  const engine = new EventSourceMappingEngine({
    kinesis: options.clients.kinesis,
    dynamodbStreams: options.clients.dynamodbStreams,
    invoker: new LambdaInvoker(() => fn.endpoint),
    checkpointDir,
    pollIntervalMs: options.pollIntervalMs ?? 200,
    onBatch: (_mapping, outcome) => {
      counts.invocations++;
      counts.delivered += outcome.delivered;
      reach(outcome.shardId, outcome.lastDeliveredSequenceNumber);
    },
    onDiscard: (_mapping, batch) => {
      counts.discarded += batch.records.length;
      reach(batch.shardId, batch.records.at(-1)?.sequenceNumber);
    },
  });
  await engine.add({
    uuid: `${options.functionName}-${Date.now()}`,
    stackName: 'rebuild-posts',
    logicalId: 'ProjectClapsRebuildMapping',
    functionName: options.functionName,
    eventSourceArn: options.streamArn,
    startingPosition: 'AT_TIMESTAMP',
    startingPositionTimestamp: options.startAtMs / 1000,
    batchSize: 500,
    maximumBatchingWindowInSeconds: 0,
    bisectBatchOnFunctionError: true,
    // Not forever, unlike the live mapping: a demo must end, and a discarded record shows up as a difference.
    maximumRetryAttempts: 5,
    maximumRecordAgeInSeconds: -1,
    functionResponseTypes: ['ReportBatchItemFailures'],
  });
  let stopped = false;
  return {
    get delivered() {
      return counts.delivered;
    },
    get invocations() {
      return counts.invocations;
    },
    get discarded() {
      return counts.discarded;
    },
    hasReached: (sequenceNumbers) =>
      Object.entries(sequenceNumbers).every(
        ([shardId, sequenceNumber]) => (reached.get(shardId) ?? -1n) >= BigInt(sequenceNumber),
      ),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await engine.stop();
      await fn.stop();
      rmSync(workDir, { recursive: true, force: true });
      running = false;
    },
  };
};
