import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import {
  GetEventSourceMappingCommand,
  InvokeCommand,
  ListEventSourceMappingsCommand,
} from '@aws-sdk/client-lambda';
import type { AwsClients } from '@kes/aws-clients';
import { type ProviderPhaseInput, type ProviderSimulator, parseTimeline } from '@kes/service-ingestion';
import { checkProcessedOnce, type OnceCheck } from './checkProcessedOnce';
import { type ControlLine, ControlLog } from './controlLog';

/** The loop as the demo sees it at one moment. */
export interface DemoSample {
  atMs: number;
  phase: string;
  /** The mapping's BatchSize and State (GetEventSourceMapping). */
  batchSize: number;
  state: string;
  /** The controller's circuit and last reason (its `ingestion control` lines and the tick's answers). */
  circuit: string;
  reason: string;
  /** The provider's counts since the start. */
  calls: number;
  ok: number;
  errors: number;
  throttled: number;
}

export type DemoEvent =
  | { kind: 'enqueued'; records: number; atMs: number }
  | { kind: 'sample'; sample: DemoSample }
  | { kind: 'control'; atMs: number; line: ControlLine }
  | { kind: 'progress'; atMs: number; check: OnceCheck };

export interface IngestionDemoOptions {
  clients: Pick<AwsClients, 'kinesis' | 'lambda' | 'dynamodb'>;
  stage: string;
  /** The compose entry's `provider` param, e.g. `acme`. */
  provider: string;
  /** Already started on the provider's port, with `timeline`, just before this runs. */
  simulator: ProviderSimulator;
  timeline: readonly ProviderPhaseInput[];
  /** Record ids to enqueue ("a day's worth"), named `<runId>-<n>`. */
  records: number;
  runId: string;
  /** The service's log file (the local cloud's logs/<entry>.log), for the controller's reasons. */
  logFile?: string;
  /** How often to invoke the tick (its local cloud runs without schedules, so ticks come on cue); default 15 s. */
  tickEveryMs?: number;
  sampleEveryMs?: number;
  /** Give up (and fail the check) after this long; default 15 min. */
  deadlineMs?: number;
  onEvent?: (event: DemoEvent) => void;
}

export interface IngestionDemoResult {
  samples: DemoSample[];
  controls: Array<{ atMs: number; line: ControlLine }>;
  phases: Array<{ name: string; kind: string; startMs: number; endMs: number }>;
  check: OnceCheck;
  endedAtMs: number;
}

const PUT_RECORDS_LIMIT = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The ingestion story, live: enqueues the run's record ids into the provider's stream, drives the
 * controller's schedule (invokes the tick function through the Lambda API), samples the mapping, the
 * controller and the provider until every record is processed (or the deadline), then checks that each
 * was processed exactly once that day. The caller starts the local cloud and the provider simulator.
 *
 * @example
 * const simulator = await startProviderSimulator({ port: 4710, timeline });
 * const result = await runIngestionDemo({ clients, stage: 'local', provider: 'acme', simulator, timeline, records: 1000, runId: 'demo1' });
 */
export const runIngestionDemo = async (options: IngestionDemoOptions): Promise<IngestionDemoResult> => {
  const { clients, stage, provider, simulator } = options;
  const emit = options.onEvent ?? (() => undefined);
  // One clock for everything: the provider's script, so phases, samples and decisions line up.
  const at = () => simulator.stats().elapsedMs;
  const table = `kes-${stage}-ingestion-${provider}-tracking`;
  const day = new Date().toISOString().slice(0, 10);
  const ids = Array.from({ length: options.records }, (_, index) => `${options.runId}-${index}`);
  const log = options.logFile ? new ControlLog(options.logFile) : undefined;
  const uuid = await mappingOf(clients, `kes-ingestion-${provider}-${stage}-ventilator`);

  await enqueue(clients, `kes-${stage}-ingestion-${provider}`, ids, day);
  emit({ kind: 'enqueued', records: ids.length, atMs: at() });

  const samples: DemoSample[] = [];
  const controls: IngestionDemoResult['controls'] = [];
  let circuit = 'closed';
  let reason = '';
  const heard = (line: { circuit: string; reason: string }) => {
    circuit = line.circuit;
    reason = line.reason;
  };
  let stopped = false;
  // The schedule: the tick only acts when a probe is due, so calling it often is harmless.
  const ticking = (async () => {
    while (!stopped) {
      await sleep(options.tickEveryMs ?? 15_000);
      if (stopped) break;
      const answer = await clients.lambda
        .send(new InvokeCommand({ FunctionName: `kes-ingestion-${provider}-${stage}-tick` }))
        .catch(() => undefined);
      // Without the service's log, the tick's answer is where the circuit and the reason come from.
      if (answer?.Payload && !log) heard(JSON.parse(Buffer.from(answer.Payload).toString('utf8')));
    }
  })();

  const deadline = options.deadlineMs ?? 15 * 60_000;
  let check: OnceCheck | undefined;
  let lastCheckAt = 0;
  try {
    while (at() < deadline) {
      await sleep(options.sampleEveryMs ?? 2_000);
      for (const line of log?.read() ?? []) {
        heard(line);
        controls.push({ atMs: at(), line });
        emit({ kind: 'control', atMs: at(), line });
      }
      const mapping = await clients.lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }));
      const stats = simulator.stats();
      const sample: DemoSample = {
        atMs: at(),
        phase: stats.phase,
        batchSize: mapping.BatchSize ?? 0,
        state: mapping.State ?? '?',
        circuit,
        reason,
        calls: stats.ok + stats.errors + stats.throttled + stats.unavailable,
        ok: stats.ok,
        errors: stats.errors,
        throttled: stats.throttled + stats.unavailable,
      };
      samples.push(sample);
      emit({ kind: 'sample', sample });
      if (at() - lastCheckAt >= 5_000) {
        lastCheckAt = at();
        check = await checkProcessedOnce(clients.dynamodb, table, ids, day, simulator.servedById());
        emit({ kind: 'progress', atMs: at(), check });
        if (check.pending.count === 0) break;
      }
    }
  } finally {
    stopped = true;
    await ticking;
  }
  // Answers still on their way settle within the worker's timeout; the provider's count is final then.
  check = await checkProcessedOnce(clients.dynamodb, table, ids, day, simulator.servedById());
  const endedAtMs = at();
  return { samples, controls, phases: phasesOf(options.timeline, endedAtMs), check, endedAtMs };
};

const mappingOf = async (clients: IngestionDemoOptions['clients'], functionName: string): Promise<string> => {
  const { EventSourceMappings = [] } = await clients.lambda.send(
    new ListEventSourceMappingsCommand({ FunctionName: functionName }),
  );
  const uuid = EventSourceMappings[0]?.UUID;
  if (!uuid) throw new Error(`${functionName} has no event-source mapping: is its service running?`);
  return uuid;
};

/** PutRecords in chunks, putting again what the shard's write limit refused. */
const enqueue = async (
  clients: IngestionDemoOptions['clients'],
  stream: string,
  ids: readonly string[],
  day: string,
): Promise<void> => {
  for (let start = 0; start < ids.length; start += PUT_RECORDS_LIMIT) {
    let entries = ids.slice(start, start + PUT_RECORDS_LIMIT).map((recordId) => ({
      PartitionKey: recordId,
      Data: Buffer.from(JSON.stringify({ recordId, day })),
    }));
    for (let round = 0; entries.length > 0; round++) {
      if (round > 20) throw new Error(`${stream}: PutRecords kept refusing records`);
      const answer = await clients.kinesis.send(
        new PutRecordsCommand({ StreamName: stream, Records: entries }),
      );
      entries = entries.filter((_, index) => answer.Records?.[index]?.ErrorCode);
      if (entries.length > 0) await sleep(Math.min(1_000, 100 * 2 ** round));
    }
  }
};

const phasesOf = (timeline: readonly ProviderPhaseInput[], endMs: number) => {
  let startMs = 0;
  return parseTimeline(timeline).map((phase) => {
    const span = {
      name: phase.name,
      kind: phase.kind,
      startMs,
      endMs: Math.min(endMs, startMs + (phase.durationMs ?? endMs)),
    };
    startMs = span.endMs;
    return span;
  });
};
