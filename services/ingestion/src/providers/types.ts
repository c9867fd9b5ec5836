import type { z } from 'zod';
import type { WorkerResult } from '../service/jobs';

/** One page of a provider's catalogue for a day: record ids, and where the next page starts. */
export interface CataloguePage {
  ids: string[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/** Where and how to reach the provider (the deployment's params). */
export interface ProviderCallOptions {
  baseUrl: string;
  timeoutMs: number;
}

/**
 * A provider's logic: the format of its record ids, its catalogue (the ids to fetch on a day, paged: a
 * day can hold hundreds of thousands) and one fetch per record. `fetch` never throws for a provider
 * failure, it reports it; `catalogue` throws (the enqueue run retries on its next turn).
 */
export interface RecordProvider {
  /** A record id as this provider writes them (checked on `POST /ingestions/<provider>`). */
  readonly recordId: z.ZodType<string>;
  fetch(recordId: string, options: ProviderCallOptions): Promise<WorkerResult>;
  catalogue(
    day: string,
    page: { cursor?: string; limit: number },
    options: ProviderCallOptions,
  ): Promise<CataloguePage>;
}
