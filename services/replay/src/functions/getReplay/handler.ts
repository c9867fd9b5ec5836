import { httpRoute } from '@kes/http-api';
import { jobPathSchema } from '../../api/schemas';
import { jobStore, leaseMs, startRunner } from '../../deps';
import { getReplay } from './getReplay';

export const handler = httpRoute({
  name: 'getReplay',
  path: jobPathSchema,
  handler: (input) =>
    getReplay({ jobs: jobStore(), startRunner: startRunner(), leaseMs: leaseMs(), now: Date.now })(input),
});
