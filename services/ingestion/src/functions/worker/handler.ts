import { requireEnv } from '@kes/aws-clients';
import { z } from 'zod';
import { config } from '../../deps';
import { providerNamed } from '../../providers';
import type { WorkerResult } from '../../service/jobs';

const requestSchema = z.object({ recordId: z.string().min(1).max(512), day: z.string() });

/**
 * The provider-specific worker: fetches one record from the provider (invoked by the ventilator, one
 * invocation per record) and reports how the call went. The example providers only fetch; a real one
 * would store what it fetched here, before answering `ok`.
 */
export const handler = async (event: unknown): Promise<WorkerResult> => {
  const request = requestSchema.parse(event);
  const settings = config();
  return providerNamed(settings.provider).fetch(request.recordId, {
    baseUrl: requireEnv('PROVIDER_BASE_URL'),
    timeoutMs: settings.workerTimeoutMs,
  });
};
