import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { controlPorts, mappingControl, windows } from '../../deps';
import { holdMapping, holdReason } from '../../schedule/holdMapping';
import { runControl } from '../../service/runControl';

const logger = new Logger();
const metrics = new Metrics();

/**
 * The schedule's turn of the loop: re-enables a disabled mapping at batch size 1 when a probe is due
 * (half-open). While the provider may not be called (maintenance, outside its off-peak windows) it keeps
 * the mapping disabled instead, and leaves the controller's state alone; the first tick inside the
 * windows hands back to the controller, which re-enables it. Locally `npm start` runs it on its schedule
 * (decision 0031); tests start the local cloud without schedules and invoke it when they mean to.
 */
export const handler = async (): Promise<{
  batchSize: number;
  enabled: boolean;
  circuit: string;
  reason: string;
}> => {
  const check = windows().check(Date.now());
  if (!check.allowed) {
    const reason = holdReason(check);
    const applied = await holdMapping(mappingControl(), reason);
    logger.info('ingestion control', { trigger: 'tick', held: true, reason, applied });
    const batchSize = 'batchSize' in applied ? applied.batchSize : 0;
    return { batchSize, enabled: false, circuit: 'held', reason };
  }
  try {
    const { batchSize, enabled, circuit, reason } = await runControl(controlPorts({ logger, metrics }), {
      kind: 'tick',
    });
    return { batchSize, enabled, circuit, reason };
  } finally {
    metrics.publishStoredMetrics();
  }
};
