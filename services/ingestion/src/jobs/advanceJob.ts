import type { CataloguePage } from '../providers/types';
import type { IngestionWindows } from '../schedule/IngestionWindows';
import type { IngestionJob } from './IngestionJob';
import type { JobStore } from './JobStore';
import type { IngestionRecord } from './putIngestionRecords';

/** Ids per page: one PutRecords call, and at most this many enqueued twice after a crash. */
export const ENQUEUE_PAGE = 500;

/** What advancing a job needs; the functions give real clients, tests may give the emulators'. */
export interface EnqueuePorts {
  jobs: Pick<JobStore, 'acquire' | 'advance' | 'release'>;
  catalogue: (day: string, page: { cursor?: string; limit: number }) => Promise<CataloguePage>;
  put: (records: readonly IngestionRecord[]) => Promise<void>;
  windows: Pick<IngestionWindows, 'check'>;
  now: () => number;
  /** This run's name, the lease owner. */
  runId: string;
  /** How long a lease holds without progress (longer than one page takes). */
  leaseMs: number;
}

/** How a run ended for one job. */
export interface JobRun {
  jobId: string;
  enqueued: number;
  outcome: 'done' | 'budget' | 'window-closed' | 'leased-elsewhere';
}

/**
 * Enqueues a job's ids a page at a time, from its cursor: read the page (from the job's ids, or the
 * provider's catalogue), put it on the stream, then move the cursor (conditional on the lease). A crash
 * between the put and the cursor move re-enqueues that one page on the next run — harmless, the
 * ventilator fetches a record once a day. Stops when the job is done, the budget is spent, or the
 * provider's allowed window closes.
 */
export const advanceJob = async (
  jobId: string,
  ports: EnqueuePorts,
  budget: { records: number; until: number },
): Promise<JobRun> => {
  const job = await ports.jobs.acquire(jobId, ports.runId, ports.now(), ports.leaseMs);
  if (!job) return { jobId, enqueued: 0, outcome: 'leased-elsewhere' };
  let cursor = job.cursor;
  let enqueued = 0;
  let finished = false;
  try {
    for (;;) {
      if (enqueued >= budget.records || ports.now() >= budget.until)
        return { jobId, enqueued, outcome: 'budget' };
      if (!ports.windows.check(ports.now()).allowed) return { jobId, enqueued, outcome: 'window-closed' };
      const page = await readPage(job, cursor, ports, Math.min(ENQUEUE_PAGE, budget.records - enqueued));
      const ids = [...new Set(page.ids)];
      await ports.put(ids.map((recordId) => ({ recordId, day: job.ingestionDay, jobId })));
      finished = page.nextCursor === undefined;
      await ports.jobs.advance(jobId, ports.runId, {
        cursor: page.nextCursor,
        added: ids.length,
        done: finished,
        now: ports.now(),
        leaseMs: ports.leaseMs,
      });
      enqueued += ids.length;
      if (finished) return { jobId, enqueued, outcome: 'done' };
      cursor = page.nextCursor;
    }
  } finally {
    if (!finished) await ports.jobs.release(jobId, ports.runId);
  }
};

const readPage = async (
  job: IngestionJob,
  cursor: string | undefined,
  ports: EnqueuePorts,
  limit: number,
): Promise<CataloguePage> => {
  if (job.source.type === 'catalogue')
    return ports.catalogue(job.ingestionDay, { ...(cursor ? { cursor } : {}), limit });
  const from = Number(cursor ?? '0');
  const to = Math.min(job.source.ids.length, from + limit);
  return {
    ids: job.source.ids.slice(from, to),
    ...(to < job.source.ids.length ? { nextCursor: String(to) } : {}),
  };
};
