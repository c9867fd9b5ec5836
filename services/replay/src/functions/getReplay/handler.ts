import { jobStore, leaseMs, startRunner } from '../../deps';
import { getReplayRoute } from './getReplay';

export const handler = getReplayRoute(() => ({
  jobs: jobStore(),
  startRunner: startRunner(),
  leaseMs: leaseMs(),
  now: Date.now,
}));
