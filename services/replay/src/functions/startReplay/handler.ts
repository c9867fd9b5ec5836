import { domainEvents } from '@kes/contracts';
import { httpRoute } from '@kes/http-api';
import { startReplayBodySchema } from '../../api/schemas';
import { domainStreams, jobStore, replayStream, startRunner } from '../../deps';
import { startReplay } from './startReplay';

export const handler = httpRoute({
  name: 'startReplay',
  body: startReplayBodySchema,
  handler: (input) =>
    startReplay({
      jobs: jobStore(),
      startRunner: startRunner(),
      replayStream: replayStream(),
      domainStreams: domainStreams(),
      knownTypes: domainEvents.types(),
    })(input),
});
