import { fullBatchSize, type ProviderParameters } from '../controller/types';
import type { Timeline } from '../simulator/timeline';
import type { ControlSample, SimulationResult } from './types';

/** The figures the benchmark compares, for one run. */
export interface RunSummary {
  completed: boolean;
  /** Time to fetch or dead-letter every record (the horizon when not completed). */
  completionMs: number;
  fetched: number;
  deadLettered: number;
  /** Records fetched per minute of completion time. */
  goodputPerMinute: number;
  calls: number;
  callsDuringOutage: number;
  /** Calls that took longer than the latency threshold (timeouts included). */
  callsOverThreshold: number;
  throttledCalls: number;
  /**
   * The longest time from a recovery of the provider to full batch size (or to the end of the run, when
   * it completed during the ramp), over the recoveries before the run completed; `null` if the run
   * never got back to full batch size and did not complete, `undefined` without recoveries.
   */
  recoveryMs: number | null | undefined;
}

/**
 * When the provider recovers: the start of every healthy phase that follows an unhealthy one.
 *
 * @example
 * recoveryStartsMs(parseTimeline([healthy, outage30min, healthy])); // [35 × 60_000]
 */
export const recoveryStartsMs = (timeline: Timeline): number[] => {
  const starts: number[] = [];
  let at = 0;
  for (const [index, phase] of timeline.entries()) {
    if (index > 0 && phase.kind === 'healthy' && timeline[index - 1]?.kind !== 'healthy') starts.push(at);
    at += phase.durationMs ?? 0;
  }
  return starts;
};

const mappingAt = (samples: readonly ControlSample[], at: number): ControlSample | undefined =>
  samples.filter((sample) => sample.at <= at).at(-1);

/** Time from `fromMs` until the mapping is enabled at full batch size (0 if it already is). */
const timeToFull = (samples: readonly ControlSample[], fromMs: number, full: number): number | null => {
  const isFull = (sample: ControlSample | undefined) => sample?.enabled === true && sample.batchSize >= full;
  if (isFull(mappingAt(samples, fromMs))) return 0;
  const reached = samples.find((sample) => sample.at > fromMs && isFull(sample));
  return reached ? reached.at - fromMs : null;
};

/** Turns a run into the benchmark's figures. */
export const summarise = (
  result: SimulationResult,
  params: ProviderParameters,
  timeline: Timeline,
): RunSummary => {
  const completionMs = result.completedAt ?? result.endedAt;
  const fetched = result.records.filter((record) => record.fetched > 0).length;
  const recoveries = recoveryStartsMs(timeline)
    .filter((start) => start < completionMs)
    .map(
      (start) =>
        timeToFull(result.samples, start, fullBatchSize(params)) ??
        // Done during the ramp: nothing was left to fetch at full batch size, so nothing was lost to it.
        (result.completedAt === null ? null : completionMs - start),
    );
  return {
    completed: result.completedAt !== null,
    completionMs,
    fetched,
    deadLettered: result.records.filter((record) => record.deadLettered).length,
    goodputPerMinute: fetched / Math.max(completionMs / 60_000, 1e-9),
    calls: result.calls.length,
    callsDuringOutage: result.calls.filter((call) => call.phaseKind === 'outage').length,
    callsOverThreshold: result.calls.filter(
      (call) => call.outcome === 'timeout' || call.latencyMs > params.latencyThresholdMs,
    ).length,
    throttledCalls: result.calls.filter((call) => call.outcome === 'throttled').length,
    recoveryMs:
      recoveries.length === 0
        ? undefined
        : recoveries.includes(null)
          ? null
          : Math.max(...(recoveries as number[])),
  };
};
