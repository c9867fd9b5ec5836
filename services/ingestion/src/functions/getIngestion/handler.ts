import { Logger } from '@aws-lambda-powertools/logger';
import { httpRoute, notFound } from '@kes/http-api';
import { z } from 'zod';
import { config, jobStore, windows } from '../../deps';
import { JOB_ID_PATTERN } from '../../jobs/IngestionJob';
import { jobView } from '../../jobs/jobView';

const logger = new Logger();

/** GET /ingestions/<provider>/{jobId} → the job's status and progress, 404 if this provider has none. */
export const handler = httpRoute({
  name: 'getIngestion',
  path: z.object({
    jobId: z.string().regex(JOB_ID_PATTERN, 'a job id as POST /ingestions returned it (or daily-yyyy-mm-dd)'),
  }),
  logger,
  handler: async ({ path }) => {
    const job = await jobStore().get(path.jobId);
    if (!job)
      throw notFound('IngestionNotFound', `No ingestion ${path.jobId} for provider ${config().provider}`);
    return jobView(job, windows(), Date.now());
  },
});
