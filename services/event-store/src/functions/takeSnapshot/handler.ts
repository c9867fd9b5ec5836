import { httpRoute } from '@kes/http-api';
import { entityStates } from '../../deps';
import { subjectPathSchema, takeSnapshotBodySchema } from '../../schemas';
import { takeSnapshot } from './takeSnapshot';

export const handler = httpRoute({
  name: 'takeSnapshot',
  path: subjectPathSchema,
  body: takeSnapshotBodySchema,
  handler: (input) => takeSnapshot({ states: entityStates() })(input),
});
