export { jobLinks, jobView, type ReplayJobView } from './api/jobView';
export { type RunReplayEvent, runReplayEventSchema } from './api/schemas';
export {
  isReplayError,
  JobNotRunnableError,
  LeaseLostError,
  ReplayError,
  TargetNotAllowedError,
} from './errors';
export { type EventFilter, eventFilter } from './job/filters';
export {
  type JobProgress,
  type JobStatus,
  JobStore,
  type JobStoreOptions,
  type ReplayJobItem,
} from './job/JobStore';
export { jobsTableDefinition } from './job/jobsTableDefinition';
export { type ReplayProgress, ReplayRunner, type ReplayRunnerOptions } from './job/ReplayRunner';
export { resolveTarget } from './job/resolveTarget';
export {
  DEFAULT_RATE_SHARE,
  type ReplaySpec,
  replaySpecSchema,
  type WriteMode,
  writeModeSchema,
} from './job/spec';
export { WriteRateLimiter, type WriteRateLimiterOptions } from './limits/WriteRateLimiter';
export { lambdaRunner, newRunnerOwner, type StartRunner } from './runner/startRunner';
export { DEFAULT_TIME_INDEX_SHARDS } from './sources/eventStore/eventsTableContract';
export { SubjectHistorySource } from './sources/eventStore/SubjectHistorySource';
export { TimeIndexSource } from './sources/eventStore/TimeIndexSource';
export { LakeSource } from './sources/lake/LakeSource';
export { type SourceDependencies, sourceFor } from './sources/sourceFor';
export type { ReplaySource, SourceItem, SourcePosition } from './sources/types';
