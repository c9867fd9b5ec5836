import type { RunReplayEvent } from '../../api/schemas';
import { isReplayError } from '../../errors';
import type { ReplayRunner } from '../../job/ReplayRunner';
import type { StartRunner } from '../../runner/startRunner';

/** What a runner invocation needs; the runner itself is built per invocation (its owner comes with the event). */
export interface RunReplayDeps {
  /** A runner for this chain's `owner` that asks `shouldYield` after every checkpoint. */
  runnerFor: (owner: string, shouldYield: () => boolean) => Pick<ReplayRunner, 'run'>;
  /** Starts the next invocation of the chain. */
  startRunner: StartRunner;
  /** Yield once less than this is left of the invocation: enough for one batch, its flush and checkpoint. */
  marginMs: number;
  log: (message: string, fields: Record<string, unknown>) => void;
}

/** The part of the Lambda context the runner reads. */
export interface RemainingTime {
  getRemainingTimeInMillis(): number;
}

/** How an invocation ended. */
export type RunReplayOutcome =
  | { jobId: string; outcome: 'succeeded' | 'continued'; sent: number }
  | { jobId: string; outcome: 'failed'; error: { code: string; message: string } }
  | { jobId: string; outcome: 'skipped'; reason: string };

/**
 * One invocation of the runner function: claims the job as the chain's owner and runs it until it is done
 * or less than `marginMs` of the invocation is left; then (at a checkpoint, the lease still its own) it
 * starts the next invocation with the same owner, which continues at once from that checkpoint. A job
 * longer than one Lambda lifetime (15 min) is a chain of invocations.
 *
 * - Another runner holds the job, or it is finished or cancelled: nothing to do (`skipped`).
 * - The job failed: the runner recorded the error in the job (resume it with POST /replays/{id}/resume);
 *   the invocation itself succeeds, so Lambda does not retry what a retry would not fix.
 * - The next invocation could not be started: throws, so Lambda retries this event (same owner: it
 *   continues from the checkpoint); a GET hands the job on once the lease expires, should that fail too.
 *
 * @example
 * export const handler = (event: unknown, context: Context) =>
 *   runReplay({ runnerFor, startRunner, marginMs: 60_000, log })(runReplayEventSchema.parse(event), context);
 */
export const runReplay =
  (deps: RunReplayDeps) =>
  async (event: RunReplayEvent, context: RemainingTime): Promise<RunReplayOutcome> => {
    const { jobId, owner } = event;
    const runner = deps.runnerFor(owner, () => context.getRemainingTimeInMillis() < deps.marginMs);
    let job: Awaited<ReturnType<ReplayRunner['run']>>;
    try {
      job = await runner.run(jobId);
    } catch (error) {
      if (isReplayError(error, 'LeaseLost') || isReplayError(error, 'JobNotRunnable')) {
        deps.log('replay not run here', { jobId, reason: error.message });
        return { jobId, outcome: 'skipped', reason: error.message };
      }
      const failure = error instanceof Error ? error : new Error(String(error));
      const code = (failure as { code?: string }).code ?? failure.name;
      deps.log('replay failed', { jobId, code, message: failure.message });
      return { jobId, outcome: 'failed', error: { code, message: failure.message } };
    }
    if (job.status !== 'running') {
      deps.log('replay succeeded', { jobId, sent: job.progress.sent, scanned: job.progress.scanned });
      return { jobId, outcome: 'succeeded', sent: job.progress.sent };
    }
    // Outside the try: a failure here must reach Lambda, which retries the event (same owner).
    await deps.startRunner({ jobId, owner });
    deps.log('replay continues in a new invocation', { jobId, sent: job.progress.sent });
    return { jobId, outcome: 'continued', sent: job.progress.sent };
  };
