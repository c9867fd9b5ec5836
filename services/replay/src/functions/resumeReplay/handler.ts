import { jobStore, leaseMs, startRunner } from '../../deps';
import { resumeReplayRoute } from './resumeReplay';

export const handler = resumeReplayRoute(() => ({
  jobs: jobStore(),
  startRunner: startRunner(),
  leaseMs: leaseMs(),
  now: Date.now,
}));
