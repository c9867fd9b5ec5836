import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CallObservation } from '../controller/types';
import { ControllerStateConflictError } from '../store/ControllerStateConflictError';
import type { VersionedControllerState } from '../store/TrackingStore';
import type { IngestionConfig } from './config';
import { controllerNamed, controlStep, loadState } from './controlStep';
import type { Applied, MappingControl } from './MappingControl';

/** Where the controller's state lives: a versioned read and a write conditional on that version. */
export interface ControllerStatePort {
  read(): Promise<VersionedControllerState>;
  /** Returns the new version; throws {@link ControllerStateConflictError} if the version moved on. */
  write(state: unknown, now: number, expectedVersion: number): Promise<number>;
}

export interface ControlPorts {
  config: IngestionConfig;
  state: ControllerStatePort;
  mapping: Pick<MappingControl, 'apply'>;
  now(): number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  metrics?: Pick<Metrics, 'addMetric' | 'addDimension'>;
}

/** What a turn did to the mapping: applied its decision, or left it to a newer turn. */
export type ControlApplied = Applied | { action: 'superseded'; version: number };

/** Attempts of one turn when other turns keep writing the state first (default of {@link runControl}). */
export const CONTROL_TURN_ATTEMPTS = 5;

/**
 * One turn of the self-healing loop: read the controller's state, step it (after a batch, or on the
 * schedule), persist it, then make the mapping match (BatchSize, Enabled). The state is persisted first:
 * if the update fails or the mapping is busy, the next turn applies the same decision again.
 *
 * Several turns run at once (one ventilator invocation per shard, and the tick), so the write is
 * conditional on the version read: a turn that loses the race re-reads the state and steps it again
 * with its own observations (up to `attempts` times), so no turn's observations are lost. A turn whose
 * state was overwritten by a newer one before it reached the mapping leaves the mapping to that turn,
 * so an older decision does not flip the mapping back.
 *
 * @example
 * await runControl(ports, { kind: 'batch', observations });
 */
export const runControl = async (
  ports: ControlPorts,
  input: { kind: 'batch'; observations: readonly CallObservation[] } | { kind: 'tick' },
  attempts = CONTROL_TURN_ATTEMPTS,
): Promise<{
  applied: ControlApplied;
  batchSize: number;
  enabled: boolean;
  circuit: string;
  reason: string;
  version: number;
  conflicts: number;
}> => {
  const { config } = ports;
  const controller = controllerNamed(config.controller);
  for (let conflicts = 0; ; conflicts++) {
    const now = ports.now();
    const stored = await ports.state.read();
    const state = loadState(controller, config.params, stored.state, now);
    const step = controlStep(controller, config.params, state, input, now);
    let version: number;
    try {
      version = await ports.state.write(step.state, now, stored.version);
    } catch (error) {
      if (!(error instanceof ControllerStateConflictError) || conflicts + 1 >= attempts) throw error;
      continue;
    }
    // A turn that wrote after us decided from our state too: its decision is the current one.
    const latest = await ports.state.read();
    const applied: ControlApplied =
      latest.version > version
        ? { action: 'superseded', version: latest.version }
        : await ports.mapping.apply(step.decision);
    const summary = {
      batchSize: step.decision.batchSize,
      enabled: step.decision.enabled,
      circuit: step.state.circuit,
      reason: step.decision.reason,
    };
    ports.logger?.info('ingestion control', {
      provider: config.provider,
      controller: config.controller,
      trigger: input.kind,
      calls: input.kind === 'batch' ? input.observations.length : 0,
      ...summary,
      version,
      conflicts,
      applied,
    });
    if (ports.metrics) {
      ports.metrics.addDimension('provider', config.provider);
      ports.metrics.addMetric('BatchSize', MetricUnit.Count, step.decision.batchSize);
      ports.metrics.addMetric('CircuitOpen', MetricUnit.Count, step.decision.enabled ? 0 : 1);
    }
    return { applied, ...summary, version, conflicts };
  }
};
