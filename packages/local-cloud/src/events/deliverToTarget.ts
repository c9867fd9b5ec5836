import type { InvokeResult } from '../esm/LambdaInvoker';
import type { AsyncInvoker, AttemptOutcome } from './AsyncInvoker';
import type { ScheduledEvent } from './scheduledEvent';
import { targetPayload } from './targetInput';
import type { ScheduleDefinition, ScheduleTarget } from './types';

/** One target's first attempt, as `EventScheduler.run` answers it. */
export interface TargetRun {
  id: string;
  functionName: string;
  result: InvokeResult;
}

/** A schedule's delivery figures, counted across its targets and their retries. */
export interface DeliveryStats {
  invocations: number;
  failedInvocations: number;
  retries: number;
}

export interface Delivery {
  schedule: ScheduleDefinition;
  target: ScheduleTarget;
  event: ScheduledEvent;
  invoker: AsyncInvoker;
  /** Updated in place as attempts come back (retries arrive later). */
  stats: DeliveryStats;
  log?: ((line: string) => void) | undefined;
  notice?: ((message: string) => void) | undefined;
}

/**
 * Sends one run's event to one target as EventBridge does: its payload (the event, or the target's
 * Input / InputPath / InputTransformer), invoked asynchronously with Lambda's retries; every attempt is
 * counted and logged, a final failure noticed. Resolves with the first attempt.
 *
 * @example
 * const run = await deliverToTarget({ schedule, target: schedule.targets[0], event, invoker, stats });
 * run.result.ok; // the first attempt's outcome; retries, if any, go on
 */
export const deliverToTarget = async (delivery: Delivery): Promise<TargetRun> => {
  const { schedule, target, event, invoker, stats, log, notice } = delivery;
  const where = `${schedule.name} (${schedule.expression.text}) → ${target.functionName}`;
  const answer = (result: InvokeResult): TargetRun => ({
    id: target.id,
    functionName: target.functionName,
    result,
  });
  let payload: unknown;
  try {
    payload = targetPayload(target, event, schedule);
  } catch (error) {
    // A transformer whose output is not JSON: EventBridge could not invoke the function either.
    stats.failedInvocations += 1;
    notice?.(`schedule ${where}: ${(error as Error).message}`);
    return answer({
      ok: false,
      errorType: 'InvalidInput',
      errorMessage: (error as Error).message,
      durationMs: 0,
    });
  }
  const onOutcome = ({ attempt, result, retryInMs }: AttemptOutcome) => {
    stats.invocations += 1;
    if (attempt > 1) stats.retries += 1;
    if (result.ok) {
      log?.(`${event.time} ${where}: attempt ${attempt} ok in ${Math.round(result.durationMs)} ms`);
      return;
    }
    stats.failedInvocations += 1;
    const then = retryInMs === undefined ? 'not retried' : `retry in ${Math.round(retryInMs / 1000)} s`;
    const line = `${event.time} ${where}: attempt ${attempt} failed: ${result.errorType}: ${result.errorMessage} (${then})`;
    log?.(line);
    if (retryInMs === undefined) notice?.(`schedule ${line}`);
  };
  return answer(await invoker.invoke(target.functionName, payload, onOutcome));
};
