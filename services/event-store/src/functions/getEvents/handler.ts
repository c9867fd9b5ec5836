import { domainEvents } from '@kes/contracts';
import { httpRoute } from '@kes/http-api';
import { eventStore, timeRangeReader } from '../../deps';
import { getEventsQuerySchema } from '../../schemas';
import { getEvents } from './getEvents';

export const handler = httpRoute({
  name: 'getEvents',
  query: getEventsQuerySchema,
  handler: (input) =>
    getEvents({ store: eventStore(), timeRange: timeRangeReader(), knownTypes: domainEvents.types() })(input),
});
