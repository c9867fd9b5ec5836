import { z } from 'zod';
import { ingestionJobSchema, type WorkerResult } from '../service/jobs';
import type { CataloguePage, RecordProvider } from './types';

const cataloguePageSchema = z.object({
  ids: z.array(ingestionJobSchema.shape.recordId),
  nextCursor: z.string().min(1).optional(),
});

/**
 * A provider with a REST endpoint per record (`GET <baseUrl><path(recordId)>`) and its catalogue at
 * `GET <baseUrl>/catalogue?day=&cursor=&limit=` → `{ids, nextCursor?}`, as the provider simulator serves
 * them. A fetch: 200 = fetched; 429, or 503 with Retry-After = throttled; any other status = error; no
 * answer within the timeout = timeout. Record ids default to the stream's format (`recordId` narrows it).
 */
export const httpRecordProvider = (
  path: (recordId: string) => string,
  options: { recordId?: z.ZodType<string> } = {},
): RecordProvider => ({
  recordId: options.recordId ?? ingestionJobSchema.shape.recordId,
  catalogue: async (day, page, { baseUrl, timeoutMs }): Promise<CataloguePage> => {
    const url = new URL('/catalogue', baseUrl);
    url.searchParams.set('day', day);
    url.searchParams.set('limit', String(page.limit));
    if (page.cursor) url.searchParams.set('cursor', page.cursor);
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) throw new Error(`catalogue ${day}: HTTP ${response.status} ${text.slice(0, 200)}`);
    const parsed = cataloguePageSchema.parse(JSON.parse(text));
    return { ids: parsed.ids, ...(parsed.nextCursor ? { nextCursor: parsed.nextCursor } : {}) };
  },
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
