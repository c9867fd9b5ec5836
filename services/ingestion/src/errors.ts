/** The base of the ingestion service's errors; `code` is stable (tests and HTTP answers branch on it). */
export class IngestionError extends Error {
  public readonly code: string;

  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestionError';
    this.code = code;
  }
}

/** A window param (`offPeakWindows`, `maintenanceWindow`, `timeZone`) that cannot be read. */
export class WindowSpecError extends IngestionError {
  public readonly issues: string[];

  public constructor(issues: string[]) {
    super('InvalidWindowSpec', `invalid ingestion windows: ${issues.join('; ')}`);
    this.name = 'WindowSpecError';
    this.issues = issues;
  }
}

/** Another enqueue run holds the job's lease, or took it over from this one. */
export class JobLeaseLostError extends IngestionError {
  public readonly jobId: string;

  public constructor(jobId: string) {
    super('JobLeaseLost', `ingestion job ${jobId} is held by another enqueue run`);
    this.name = 'JobLeaseLostError';
    this.jobId = jobId;
  }
}
