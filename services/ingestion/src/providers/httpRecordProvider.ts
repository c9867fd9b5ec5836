import type { WorkerResult } from '../service/jobs';
import type { RecordProvider } from './types';

/**
 * A provider with a REST endpoint per record (`GET <baseUrl><path(recordId)>`), as the provider simulator
 * serves it: 200 = fetched; 429, or 503 with Retry-After = throttled; any other status = error; no answer
 * within the timeout = timeout.
 */
export const httpRecordProvider = (path: (recordId: string) => string): RecordProvider => ({
  fetch: async (recordId, { baseUrl, timeoutMs }): Promise<WorkerResult> => {
    const started = Date.now();
    try {
      const response = await fetch(new URL(path(recordId), baseUrl), {
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      const latencyMs = Date.now() - started;
      const retryAfter = Number(response.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1_000 : undefined;
      if (response.ok) return { outcome: 'ok', latencyMs, status: response.status };
      const throttled = response.status === 429 || (response.status === 503 && retryAfterMs !== undefined);
      return {
        outcome: throttled ? 'throttled' : 'error',
        latencyMs,
        status: response.status,
        error: `HTTP ${response.status}`,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
    } catch (error) {
      const latencyMs = Date.now() - started;
      const name = (error as { name?: string }).name;
      return name === 'TimeoutError' || name === 'AbortError'
        ? { outcome: 'timeout', latencyMs, error: `no answer within ${timeoutMs} ms` }
        : { outcome: 'error', latencyMs, error: error instanceof Error ? error.message : String(error) };
    }
  },
});
