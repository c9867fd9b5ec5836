import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { controlPorts } from '../../deps';
import { runControl } from '../../service/runControl';

const logger = new Logger();
const metrics = new Metrics();

/**
 * The schedule's turn of the loop: re-enables a disabled mapping at batch size 1 when a probe is due
 * (half-open). Locally nothing runs schedules: tests invoke this function through the local Lambda API.
 */
export const handler = async (): Promise<{
  batchSize: number;
  enabled: boolean;
  circuit: string;
  reason: string;
}> => {
  try {
    const { batchSize, enabled, circuit, reason } = await runControl(controlPorts({ logger, metrics }), {
      kind: 'tick',
    });
    return { batchSize, enabled, circuit, reason };
  } finally {
    metrics.publishStoredMetrics();
  }
};
