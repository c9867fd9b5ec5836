import { z } from 'zod';
import { batchHealth } from './batchHealth';
import { type Controller, type ControlStep, circuitStateSchema, fullBatchSize } from './types';

/** The article controller's persisted state: nothing but the mapping and the circuit. */
export const articleStateSchema = z.object({
  controller: z.literal('article'),
  batchSize: z.number().int().min(1),
  enabled: z.boolean(),
  circuit: circuitStateSchema,
});
export type ArticleState = z.infer<typeof articleStateSchema>;

/** The article's schedule: `rate(10 minutes)`. */
export const ARTICLE_TICK_INTERVAL_MS = 10 * 60_000;

/** The answer for a state: the decision is the state's mapping. */
const answer = (state: ArticleState, reason: string): ControlStep<ArticleState> => ({
  state,
  decision: { batchSize: state.batchSize, enabled: state.enabled, reason },
});

/**
 * The source article's rule, as its demo ventilator implements it
 * (theburningmonk/self-adjusting-kinesis-function-demo, `functions/ventilator.js`):
 *
 * - after a batch, if more than half of the calls were slow (latency above the threshold) or failed
 *   (any error, a 429 included): batch size − 1; already at 1: disable the mapping (circuit open);
 * - else if every call was fast and successful: batch size + 1, up to the maximum;
 * - otherwise keep the batch size;
 * - every 10 minutes the schedule re-enables a disabled mapping at batch size 1 (half-open); the next
 *   batch decides again.
 *
 * `errorRateThreshold` plays the article's "more than half" (0.5). The probe settings are not used:
 * the article's interval is its fixed schedule.
 *
 * @example
 * const { state, decision } = articleController.afterBatch(previous, params, observations, Date.now());
 */
export const articleController: Controller<ArticleState> = {
  name: 'article',
  tickIntervalMs: () => ARTICLE_TICK_INTERVAL_MS,
  initialState: (params) => ({
    controller: 'article',
    batchSize: fullBatchSize(params),
    enabled: true,
    circuit: 'closed',
  }),
  parseState: (value) => articleStateSchema.parse(value),

  afterBatch(state, params, observations) {
    const health = batchHealth(observations, params.latencyThresholdMs);
    if (health.calls === 0) return answer(state, 'no calls in the batch');
    const unhealthy = (health.slow + health.failed + health.throttled) / health.calls;
    if (unhealthy > params.errorRateThreshold) {
      if (state.batchSize > 1)
        return answer(
          { ...state, batchSize: state.batchSize - 1, enabled: true },
          `${health.slow} slow and ${health.failed + health.throttled} failed of ${health.calls} calls: batch size − 1`,
        );
      return answer(
        { ...state, enabled: false, circuit: 'open' },
        'still unhealthy at batch size 1: mapping disabled (circuit open)',
      );
    }
    if (health.slow === 0 && health.failed === 0 && health.throttled === 0) {
      const batchSize = Math.min(fullBatchSize(params), state.batchSize + 1);
      return answer(
        { ...state, batchSize, circuit: 'closed' },
        batchSize > state.batchSize
          ? 'every call healthy: batch size + 1'
          : 'every call healthy, at the maximum',
      );
    }
    return answer(state, 'some calls slow or failed, not more than half: batch size kept');
  },

  onTick(state, params) {
    if (state.enabled || state.batchSize >= fullBatchSize(params))
      return answer(state, 'tick: mapping enabled');
    return answer(
      { ...state, batchSize: 1, enabled: true, circuit: 'half-open' },
      'tick: mapping re-enabled at batch size 1 (half-open)',
    );
  },
};
