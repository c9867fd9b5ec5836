import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { DEFAULTS } from './constants';
import { Deadline } from './Deadline';
import { describeError, TimeBudgetExceededError } from './errors';
import { handleRequest } from './handleRequest';
import { MappingManager, type MappingResult } from './MappingManager';
import { sendResponse } from './sendResponse';
import {
  type CustomResourceResponse,
  type MapperLogger,
  type MapperOptions,
  type MappingLambdaClient,
  systemClock,
} from './types';

/** CloudFormation refuses responses over 4,096 bytes; the Reason is the part that can grow. */
const MAX_REASON = 2_000;

type Dependencies = Omit<MapperOptions, 'lambda' | 'logger'> & {
  lambda: () => MappingLambdaClient;
  logger: MapperLogger;
};

const dataOf = (result: MappingResult): Record<string, string> => ({
  UUID: result.uuid,
  // The attribute names of AWS::Lambda::EventSourceMapping, so Fn::GetAtt keeps working.
  Id: result.uuid,
  ...(result.configuration?.EventSourceMappingArn
    ? { EventSourceMappingArn: result.configuration.EventSourceMappingArn }
    : {}),
  ...(result.configuration?.FunctionArn ? { FunctionArn: result.configuration.FunctionArn } : {}),
  ...(result.configuration?.State ? { State: result.configuration.State } : {}),
  Outcome: result.outcome,
});

/**
 * Builds the Lambda handler of `Custom::EventSourceMapping`. It always answers CloudFormation's
 * ResponseURL — on success, on bad input, on any exception, and before the function would time out —
 * since an unanswered custom resource blocks the stack for an hour.
 *
 * @example
 * export const handler = createMapperHandler({
 *   lambda: () => createAwsClients(process.env, { lambdaMaxAttempts: 1 }).lambda,
 *   logger: new Logger(),
 * });
 */
export const createMapperHandler = (deps: Dependencies) => {
  const options = {
    clock: systemClock,
    random: Math.random,
    ...DEFAULTS,
    ...Object.fromEntries(Object.entries(deps).filter(([, value]) => value !== undefined)),
  } as Required<Omit<MapperOptions, 'lambda' | 'logger'>> & Dependencies;
  const { logger, clock } = options;

  return async function esmMapperHandler(
    event: CloudFormationCustomResourceEvent,
    context: Pick<Context, 'getRemainingTimeInMillis'> & Partial<Pick<Context, 'logStreamName'>>,
  ): Promise<void> {
    logger.appendKeys?.({
      requestType: event.RequestType,
      logicalResourceId: event.LogicalResourceId,
      stackId: event.StackId,
      physicalResourceId: 'PhysicalResourceId' in event ? event.PhysicalResourceId : undefined,
    });
    const deadline = Deadline.fromContext(context, clock, options.safetyMarginMs);
    const manager = new MappingManager({
      lambda: options.lambda(),
      logger,
      clock,
      deadline,
      retry: { random: options.random, baseDelayMs: options.baseDelayMs, maxDelayMs: options.maxDelayMs },
      stabilizePollMs: options.stabilizePollMs,
    });
    const previousId = 'PhysicalResourceId' in event ? event.PhysicalResourceId : undefined;
    let response: CustomResourceResponse;
    let timer: NodeJS.Timeout | undefined;
    try {
      // A last guard: even a call that ignores its abort signal cannot keep us past the deadline.
      const outOfTime = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new TimeBudgetExceededError(event.RequestType, 0)),
          deadline.remainingMs() + 1_000,
        );
        timer.unref?.();
      });
      const result = await Promise.race([handleRequest(event, manager, logger), outOfTime]);
      logger.info('done', { outcome: result.outcome, uuid: result.uuid });
      response = {
        Status: 'SUCCESS',
        PhysicalResourceId: result.uuid,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
        Data: dataOf(result),
      };
    } catch (error) {
      logger.error('request failed', { error: describeError(error) });
      const where = context.logStreamName ? ` (CloudWatch log stream ${context.logStreamName})` : '';
      const reason = `${describeError(error)}${where}`;
      response = {
        Status: 'FAILED',
        Reason: reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason,
        // A failed Create has no mapping: a placeholder that a later Delete recognises as such.
        PhysicalResourceId: previousId ?? `${event.LogicalResourceId}-create-failed`,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
      };
    } finally {
      clearTimeout(timer);
    }
    await sendResponse(event.ResponseURL, response, {
      attempts: options.responseAttempts,
      attemptTimeoutMs: options.responseAttemptTimeoutMs,
      clock,
    }).catch((error: unknown) => {
      logger.error('could not answer CloudFormation', { error: describeError(error) });
      throw error;
    });
    logger.resetKeys?.();
  };
};
