import type { BaseControllerState, CallObservation, ControlStep } from '../controller/types';
import { ProviderModel } from '../simulator/ProviderModel';
import type {
  ControlSample,
  SimulatedCall,
  SimulationOptions,
  SimulationResult,
  TrackedRecord,
} from './types';

const DAY_MS = 24 * 60 * 60_000;

/**
 * The whole ingestion loop of one provider in virtual time, deterministic for a seed:
 *
 * - one shard holding `records` ids; the event-source mapping polls it from its checkpoint with the
 *   current BatchSize while Enabled, one batch at a time (continuous polling while behind);
 * - the ventilator skips records already fetched or dead-lettered today (tracking table), invokes one
 *   worker per remaining record, all at once (concurrency = batch size ≤ the provider's maximum), each
 *   cut at the worker timeout; the provider sees the calls still running from earlier batches too;
 * - it counts an attempt per error or timeout (not per 429: the provider did no work), dead-letters a
 *   record at `maxAttempts`, and reports the first unsettled record as a batch item failure, so the
 *   mapping re-delivers from there and records fetched after it are skipped;
 * - the controller runs after each batch and on each scheduled tick; its decision is applied to the
 *   mapping at once (UpdateEventSourceMapping).
 *
 * @example
 * const result = simulateIngestion({ controller: adaptiveController, params, timeline, records: 5_000, seed: 1 });
 */
export const simulateIngestion = <S extends BaseControllerState>(
  options: SimulationOptions<S>,
): SimulationResult => {
  const { controller, params, timeline } = options;
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const overheadMs = options.batchOverheadMs ?? 100;
  const horizonMs = options.horizonMs ?? DAY_MS;
  const tickMs = controller.tickIntervalMs(params);
  const provider = new ProviderModel(timeline, options.seed);

  const records: TrackedRecord[] = Array.from({ length: options.records }, (_, id) => ({
    id,
    attempts: 0,
    fetched: 0,
    deadLettered: false,
  }));
  const settled = (record: TrackedRecord) => record.fetched > 0 || record.deadLettered;
  const calls: SimulatedCall[] = [];
  const samples: ControlSample[] = [];
  let providerBusyUntil: number[] = [];

  let state = controller.initialState(params, options.seed);
  let mapping = { batchSize: state.batchSize, enabled: state.enabled };
  samples.push({ at: 0, ...mapping, circuit: state.circuit, source: 'initial', reason: 'initial state' });

  const apply = (step: ControlStep<S>, at: number, source: 'batch' | 'tick') => {
    const previous = state;
    state = controller.parseState(JSON.parse(JSON.stringify(step.state)));
    mapping = { batchSize: step.decision.batchSize, enabled: step.decision.enabled };
    if (
      previous.batchSize !== state.batchSize ||
      previous.enabled !== state.enabled ||
      previous.circuit !== state.circuit
    )
      samples.push({ at, ...mapping, circuit: state.circuit, source, reason: step.decision.reason });
  };

  let now = 0;
  let nextTick = options.firstTickAtMs ?? tickMs;
  let checkpoint = 0;
  let remaining = options.records;
  let batches = 0;
  let completedAt: number | null = remaining === 0 ? 0 : null;

  const runDueTicks = () => {
    while (nextTick <= now) {
      apply(controller.onTick(state, params, nextTick), nextTick, 'tick');
      nextTick += tickMs;
    }
  };

  while (remaining > 0 && now < horizonMs) {
    runDueTicks();
    if (!mapping.enabled) {
      now = nextTick;
      continue;
    }
    const batchEnd = Math.min(records.length, checkpoint + mapping.batchSize);
    const observations: CallObservation[] = [];
    providerBusyUntil = providerBusyUntil.filter((end) => end > now);
    let finishedAt = now;
    batches++;
    for (let index = checkpoint; index < batchEnd; index++) {
      const record = records[index] as TrackedRecord;
      if (settled(record)) continue;
      const answer = provider.respond(now, providerBusyUntil.length + 1);
      if (answer.status === 200 || answer.status === 500) providerBusyUntil.push(now + answer.latencyMs);
      const latencyMs = Math.min(answer.latencyMs, callTimeoutMs);
      const outcome =
        answer.latencyMs > callTimeoutMs
          ? 'timeout'
          : answer.status === 200
            ? 'ok'
            : answer.status === 500
              ? 'error'
              : 'throttled';
      observations.push(
        answer.retryAfterMs === undefined
          ? { latencyMs, outcome }
          : { latencyMs, outcome, retryAfterMs: answer.retryAfterMs },
      );
      calls.push({
        recordId: record.id,
        startedAt: now,
        latencyMs,
        outcome,
        phaseKind: provider.phaseAt(now).phase.kind,
      });
      finishedAt = Math.max(finishedAt, now + latencyMs);
      if (outcome === 'ok') record.fetched++;
      else if (outcome !== 'throttled') {
        record.attempts++;
        record.deadLettered = record.attempts >= maxAttempts;
      }
      if (settled(record)) remaining--;
    }
    now = finishedAt + overheadMs;
    if (remaining === 0) completedAt = finishedAt;
    // Ticks that fired while the batch ran were separate invocations: their decisions came first.
    runDueTicks();
    apply(controller.afterBatch(state, params, observations, now), now, 'batch');
    while (checkpoint < batchEnd && settled(records[checkpoint] as TrackedRecord)) checkpoint++;
  }
  return { completedAt, endedAt: now, records, calls, samples, batches };
};
