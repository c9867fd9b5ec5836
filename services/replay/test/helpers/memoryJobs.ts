import type { ReplayJobItem, ReplaySpec } from '../../src';

/**
 * The HTTP routes' view of the jobs table, in memory, with the JobStore's conditions (the real ones are
 * checked against DynamoDB Local in test/job/JobStore.int.test.ts).
 */
export const memoryJobs = (options: { now: () => number; leaseMs?: number }) => {
  const leaseMs = options.leaseMs ?? 60_000;
  const items = new Map<string, ReplayJobItem>();
  const iso = () => new Date(options.now()).toISOString();
  let ids = 0;
  const update = (jobId: string, ok: (job: ReplayJobItem) => boolean, change: Partial<ReplayJobItem>) => {
    const job = items.get(jobId);
    if (!job || !ok(job)) return false;
    items.set(jobId, { ...job, ...change, updatedAt: iso() });
    return true;
  };
  return {
    items,
    /** Puts a job in any state, as a test needs it. */
    put: (job: Partial<ReplayJobItem> & { spec: ReplaySpec }): ReplayJobItem => {
      const item: ReplayJobItem = {
        jobId: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
        target: 'kes-test-replay',
        status: 'pending',
        progress: { scanned: 0, sent: 0, bytes: 0 },
        createdAt: iso(),
        updatedAt: iso(),
        attempts: 0,
        ...job,
      };
      items.set(item.jobId, item);
      return item;
    },
    create: async (spec: ReplaySpec, target: string) => {
      const now = iso();
      const item: ReplayJobItem = {
        jobId: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
        spec,
        target,
        status: 'pending',
        progress: { scanned: 0, sent: 0, bytes: 0 },
        createdAt: now,
        updatedAt: now,
        attempts: 0,
      };
      items.set(item.jobId, item);
      return structuredClone(item);
    },
    get: async (jobId: string) => structuredClone(items.get(jobId)),
    takeOver: async (jobId: string, owner: string) =>
      update(
        jobId,
        (job) =>
          (job.status === 'running' && (job.leaseUntil ?? 0) < options.now()) ||
          (job.status === 'pending' && Date.parse(job.updatedAt) < options.now() - leaseMs),
        { owner, leaseUntil: options.now() + leaseMs },
      ),
    reopen: async (jobId: string) => {
      const ok = update(jobId, (job) => job.status === 'failed' || job.status === 'cancelled', {
        status: 'pending',
      });
      const job = items.get(jobId);
      if (ok && job) {
        delete job.error;
        delete job.finishedAt;
        delete job.leaseUntil;
        delete job.owner;
      }
      return ok;
    },
    cancel: async (jobId: string) => {
      const ok = update(jobId, (job) => job.status === 'pending' || job.status === 'running', {
        status: 'cancelled',
        finishedAt: iso(),
      });
      if (ok) delete items.get(jobId)?.leaseUntil;
      return ok;
    },
  };
};
