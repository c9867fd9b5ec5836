import { httpRoute } from '@kes/http-api';
import { jobPathSchema } from '../../api/schemas';
import { jobStore, leaseMs, startRunner } from '../../deps';
import { resumeReplay } from './resumeReplay';

export const handler = httpRoute({
  name: 'resumeReplay',
  path: jobPathSchema,
  handler: (input) =>
    resumeReplay({ jobs: jobStore(), startRunner: startRunner(), leaseMs: leaseMs(), now: Date.now })(input),
});
