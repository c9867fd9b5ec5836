import { z } from 'zod';
import { type Controller, circuitStateSchema, fullBatchSize } from '../controller/types';
import { phaseAt, type Timeline } from '../simulator/timeline';

const oracleStateSchema = z.object({
  controller: z.literal('oracle'),
  batchSize: z.number().int().min(1),
  enabled: z.boolean(),
  circuit: circuitStateSchema,
});
export type OracleState = z.infer<typeof oracleStateSchema>;

/**
 * A yardstick, not a controller to deploy: it reads the provider's script, so it runs at full batch size
 * exactly while the provider can answer and is disabled exactly while it cannot (outage, maintenance),
 * checking every second. Its completion time bounds what any controller can reach on a scenario.
 */
export const oracleController = (timeline: Timeline): Controller<OracleState> => {
  const decide = (now: number, params: Parameters<typeof fullBatchSize>[0]) => {
    const { kind } = phaseAt(timeline, now).phase;
    const enabled = kind !== 'outage' && kind !== 'maintenance';
    const state: OracleState = {
      controller: 'oracle',
      batchSize: fullBatchSize(params),
      enabled,
      circuit: enabled ? 'closed' : 'open',
    };
    return { state, decision: { batchSize: state.batchSize, enabled, reason: `provider ${kind}` } };
  };
  return {
    name: 'oracle',
    tickIntervalMs: () => 1_000,
    initialState: (params) => decide(0, params).state,
    parseState: (value) => oracleStateSchema.parse(value),
    afterBatch: (_state, params, _observations, now) => decide(now, params),
    onTick: (_state, params, now) => decide(now, params),
  };
};
