import { domainEvents } from '@kes/contracts';
import { domainStreams, jobStore, replayStream, startRunner } from '../../deps';
import { startReplayRoute } from './startReplay';

export const handler = startReplayRoute(() => ({
  jobs: jobStore(),
  startRunner: startRunner(),
  replayStream: replayStream(),
  domainStreams: domainStreams(),
  knownTypes: domainEvents.types(),
}));
