import { httpRoute } from '@kes/http-api';
import { jobPathSchema } from '../../api/schemas';
import { jobStore } from '../../deps';
import { cancelReplay } from './cancelReplay';

export const handler = httpRoute({
  name: 'cancelReplay',
  path: jobPathSchema,
  handler: (input) => cancelReplay({ jobs: jobStore(), now: Date.now })(input),
});
