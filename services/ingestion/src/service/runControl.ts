import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CallObservation } from '../controller/types';
import type { IngestionConfig } from './config';
import { controllerNamed, controlStep, loadState } from './controlStep';
import type { Applied, MappingControl } from './MappingControl';

export interface ControlPorts {
  config: IngestionConfig;
  state: { read(): Promise<unknown>; write(state: unknown, now: number): Promise<void> };
  mapping: Pick<MappingControl, 'apply'>;
  now(): number;
  logger?: Pick<Logger, 'info' | 'warn'>;
  metrics?: Pick<Metrics, 'addMetric' | 'addDimension'>;
}

/**
 * One turn of the self-healing loop: read the controller's state, step it (after a batch, or on the
 * schedule), persist it, then make the mapping match (BatchSize, Enabled). The state is persisted first:
 * if the update fails or the mapping is busy, the next turn applies the same decision again.
 */
export const runControl = async (
  ports: ControlPorts,
  input: { kind: 'batch'; observations: readonly CallObservation[] } | { kind: 'tick' },
): Promise<{ applied: Applied; batchSize: number; enabled: boolean; circuit: string; reason: string }> => {
  const { config } = ports;
  const controller = controllerNamed(config.controller);
  const now = ports.now();
  const state = loadState(controller, config.params, await ports.state.read(), now);
  const step = controlStep(controller, config.params, state, input, now);
  await ports.state.write(step.state, now);
  const applied = await ports.mapping.apply(step.decision);
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
    applied,
  });
  if (ports.metrics) {
    ports.metrics.addDimension('provider', config.provider);
    ports.metrics.addMetric('BatchSize', MetricUnit.Count, step.decision.batchSize);
    ports.metrics.addMetric('CircuitOpen', MetricUnit.Count, step.decision.enabled ? 0 : 1);
  }
  return { applied, ...summary };
};
