import { Logger } from '@aws-lambda-powertools/logger';
import { httpRoute, respond } from '@kes/http-api';
import { config, enqueuePorts } from '../../deps';
import { advanceJob, type EnqueuePorts } from '../../jobs/advanceJob';
import { newJobId } from '../../jobs/IngestionJob';
import { type IngestionRequest, ingestionRequestSchema } from '../../jobs/ingestionRequest';
import type { JobStore } from '../../jobs/JobStore';
import { type JobView, jobView } from '../../jobs/jobView';
import { providerNamed } from '../../providers';
import type { IngestionWindows } from '../../schedule/IngestionWindows';
import { utcDay } from '../../service/jobs';

const logger = new Logger();
/** The request enqueues what it can in this time; the enqueue schedule does the rest. */
const REQUEST_BUDGET = { records: 5_000, ms: 5_000 };

export interface CreateIngestionDeps extends EnqueuePorts {
  jobs: EnqueuePorts['jobs'] & Pick<JobStore, 'create' | 'get'>;
  windows: Pick<IngestionWindows, 'check' | 'nextAllowed'>;
}

/**
 * Creates an ad-hoc job and, when it is due and the provider may be called now, enqueues it right away
 * (a list of ids at once; a catalogue's first pages — the schedule goes on). Otherwise the enqueue
 * schedule starts it once `notBefore` has passed, inside the provider's windows.
 */
export const createIngestion = async (
  deps: CreateIngestionDeps,
  body: IngestionRequest,
  memberId: string,
): Promise<JobView> => {
  const now = deps.now();
  const ids = body.recordIds ? [...new Set(body.recordIds)] : undefined;
  const notBefore = body.notBefore === undefined ? undefined : Date.parse(body.notBefore);
  const jobId = newJobId(now);
  await deps.jobs.create({
    jobId,
    kind: 'ad-hoc',
    ingestionDay: utcDay(Math.max(now, notBefore ?? now)),
    source: ids ? { type: 'ids', ids } : { type: 'catalogue' },
    ...(ids ? { total: ids.length } : {}),
    ...(notBefore === undefined ? {} : { notBefore }),
    createdAt: now,
    createdBy: memberId,
  });
  if ((notBefore ?? 0) <= now && deps.windows.check(now).allowed) {
    const run = await advanceJob(jobId, deps, {
      records: REQUEST_BUDGET.records,
      until: now + REQUEST_BUDGET.ms,
    });
    logger.info('ingestion created', { jobId, ids: ids?.length ?? 'catalogue', run });
  } else logger.info('ingestion created', { jobId, ids: ids?.length ?? 'catalogue', held: true });
  const job = await deps.jobs.get(jobId);
  if (!job) throw new Error(`ingestion job ${jobId} vanished after its creation`);
  return jobView(job, deps.windows, deps.now());
};

/** POST /ingestions/<provider> {"provider"?, "recordIds"?: [...], "notBefore"?: ISO} → 202 + Location */
export const handler = httpRoute({
  name: 'createIngestion',
  body: ingestionRequestSchema(config().provider, providerNamed(config().provider)),
  logger,
  handler: async ({ body, memberId }) => {
    const view = await createIngestion(enqueuePorts(), body, memberId);
    return respond(202, view, { location: `/ingestions/${view.provider}/${view.jobId}` });
  },
});
