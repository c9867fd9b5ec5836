/** The base of every error of the replay service; `code` is stable. */
export class ReplayError extends Error {
  public readonly code: string;

  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReplayError';
    this.code = code;
  }
}

/** The target is not the replay stream and the caller did not pass `allowDomainTarget: true`. */
export class TargetNotAllowedError extends ReplayError {
  public readonly target: string;

  public constructor(target: string, replayStream: string) {
    super(
      'TargetNotAllowed',
      `refusing to replay into ${target}: only the replay stream (${replayStream}) is a target unless allowDomainTarget is true`,
    );
    this.name = 'TargetNotAllowedError';
    this.target = target;
  }
}

/** Another runner holds the job (its lease has not expired), or took it over from this one. */
export class LeaseLostError extends ReplayError {
  public readonly jobId: string;

  public constructor(jobId: string, options?: { cause?: unknown }) {
    super('LeaseLost', `replay job ${jobId} is held by another runner`, options);
    this.name = 'LeaseLostError';
    this.jobId = jobId;
  }
}

/** No job with this id, or it is already finished. */
export class JobNotRunnableError extends ReplayError {
  public readonly jobId: string;

  public constructor(jobId: string, status: string | undefined) {
    super('JobNotRunnable', `replay job ${jobId} cannot run: ${status ?? 'not found'}`);
    this.name = 'JobNotRunnableError';
    this.jobId = jobId;
  }
}

export const isReplayError = (error: unknown, code?: string): error is ReplayError =>
  error instanceof ReplayError && (code === undefined || error.code === code);
