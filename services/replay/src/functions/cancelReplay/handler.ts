import { jobStore } from '../../deps';
import { cancelReplayRoute } from './cancelReplay';

export const handler = cancelReplayRoute(() => ({ jobs: jobStore(), now: Date.now }));
