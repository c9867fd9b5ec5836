import { z } from 'zod';
import { replaySpecSchema } from '../job/spec';

/** `{id}` of the job routes: the UUID `POST /replays` gave. */
export const jobPathSchema = z.strictObject({
  id: z.uuid({ error: 'must be a replay job id (a UUID, as POST /replays returned it)' }),
});

/** `POST /replays`: the spec itself (see `replaySpecSchema`). */
export const startReplayBodySchema = replaySpecSchema;

/** What a runner invocation receives: the job, and the lease owner this chain of invocations runs as. */
export const runReplayEventSchema = z.strictObject({
  jobId: z.string().min(1),
  owner: z.string().min(1).max(200),
});

export type RunReplayEvent = z.infer<typeof runReplayEventSchema>;
