import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { enqueuePorts } from '../../deps';
import { type EnqueueRunResult, runEnqueue } from '../../schedule/runEnqueue';

const logger = new Logger();
/** Stop starting pages this long before the function's timeout (a page takes well under a second). */
const SAFETY_MS = 20_000;

/**
 * The provider's enqueue schedule (`enqueueRate`, default every 15 minutes): inside the allowed windows,
 * enqueues the day's catalogue and due ad-hoc jobs, up to `ENQUEUE_MAX_PER_RUN` ids; outside, nothing.
 * Locally `npm start` runs it on its schedule (decision 0031); tests start the local cloud without schedules
 * and invoke it when they mean to.
 */
export const handler = async (_event: unknown, context?: Context): Promise<EnqueueRunResult> => {
  const remaining = context?.getRemainingTimeInMillis?.() ?? 60_000;
  return runEnqueue(
    { ...enqueuePorts(), logger },
    {
      records: Number(process.env.ENQUEUE_MAX_PER_RUN ?? '50000'),
      until: Date.now() + Math.max(1_000, remaining - SAFETY_MS),
    },
  );
};
