import { httpRoute } from '@kes/http-api';
import { entityStates } from '../../deps';
import { getEntityQuerySchema, subjectPathSchema } from '../../schemas';
import { getEntity } from './getEntity';

export const handler = httpRoute({
  name: 'getEntity',
  path: subjectPathSchema,
  query: getEntityQuerySchema,
  handler: (input) => getEntity({ states: entityStates() })(input),
});
