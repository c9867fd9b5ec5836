import type { WorkerResult } from '../service/jobs';

/** A provider's fetch logic: one call for one record; never throws for a provider failure, it reports it. */
export interface RecordProvider {
  fetch(recordId: string, options: { baseUrl: string; timeoutMs: number }): Promise<WorkerResult>;
}
