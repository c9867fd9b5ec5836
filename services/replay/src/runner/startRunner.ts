import { randomUUID } from 'node:crypto';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { RunReplayEvent } from '../api/schemas';

/** Starts a runner invocation for a job, in the background; resolves once Lambda accepted it. */
export type StartRunner = (event: RunReplayEvent) => Promise<void>;

/**
 * Starts the runner function asynchronously (`InvocationType: Event`): Lambda queues the event and
 * answers 202 at once, so an HTTP route returns while the job runs for up to the runner's timeout.
 *
 * @example
 * const start = lambdaRunner(clients.lambda, 'kes-replay-dev-runReplay');
 * await start({ jobId, owner: newRunnerOwner() });
 */
export const lambdaRunner =
  (lambda: LambdaClient, functionName: string): StartRunner =>
  async (event) => {
    await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(event), 'utf8'),
      }),
    );
  };

/**
 * A lease owner for a new chain of runner invocations: every invocation of the chain runs as this owner,
 * so each one takes the job over from the previous one at once, without waiting for the lease to expire.
 *
 * @example
 * newRunnerOwner(); // 'runner:3f0c…'
 */
export const newRunnerOwner = (): string => `runner:${randomUUID()}`;
