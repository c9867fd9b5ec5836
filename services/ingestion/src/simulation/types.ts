import type {
  BaseControllerState,
  CallOutcome,
  CircuitState,
  Controller,
  ProviderParameters,
} from '../controller/types';
import type { PhaseKind, Timeline } from '../simulator/timeline';

/** Options of {@link simulateIngestion}. */
export interface SimulationOptions<S extends BaseControllerState> {
  controller: Controller<S>;
  params: ProviderParameters;
  timeline: Timeline;
  /** Record ids enqueued at time 0, in stream order. */
  records: number;
  /** Seed of the provider's draws and of the controller's jitter. */
  seed: number;
  /** The worker's timeout: a call still running then is a `timeout` (default 30 s). */
  callTimeoutMs?: number;
  /** Failed calls (errors, timeouts) before a record is dead-lettered for the day (default 3, as the demo). */
  maxAttempts?: number;
  /** Per batch: polling, the tracking table's reads and writes, the mapping update (default 100 ms). */
  batchOverheadMs?: number;
  /** When the schedule first fires (default one tick interval after the start). */
  firstTickAtMs?: number;
  /** Stops there if records are still pending (default 24 h: the day is over). */
  horizonMs?: number;
}

/** One call to the provider, as the ventilator saw it. */
export interface SimulatedCall {
  recordId: number;
  startedAt: number;
  latencyMs: number;
  outcome: CallOutcome;
  /** The provider's phase when the call started. */
  phaseKind: PhaseKind;
}

/** The mapping after a controller decision that changed it (and the initial one). */
export interface ControlSample {
  at: number;
  batchSize: number;
  enabled: boolean;
  circuit: CircuitState;
  source: 'initial' | 'batch' | 'tick';
  reason: string;
}

/** The tracking table's item for one record and the day. */
export interface TrackedRecord {
  id: number;
  attempts: number;
  /** Calls that returned the record: at most one a day. */
  fetched: number;
  deadLettered: boolean;
}

export interface SimulationResult {
  /** When the last record was fetched or dead-lettered; `null` if the horizon came first. */
  completedAt: number | null;
  /** When the simulation stopped. */
  endedAt: number;
  records: TrackedRecord[];
  calls: SimulatedCall[];
  samples: ControlSample[];
  batches: number;
}
