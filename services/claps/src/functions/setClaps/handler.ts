import { httpRoute } from '@kes/http-api';
import { membersStore, totalsStore } from '../../deps';
import { KnownPosts } from '../../domain/KnownPosts';
import { postNotFound, postPathSchema, setClapsBodySchema } from '../../schemas';
import type { MembersStore } from '../../store/MembersStore';

export interface SetClapsDeps {
  members: Pick<MembersStore, 'set'>;
  knownPosts: Pick<KnownPosts, 'has'>;
  now: () => Date;
}

/**
 * Sets the caller's claps on a post to `count` (full state: repeating a request changes nothing). One
 * conditional write of the member's item; the total and the events follow from the table's stream.
 */
export const setClaps =
  (deps: SetClapsDeps) => async (postId: string, memberId: string, count: number, correlationId: string) => {
    if (!(await deps.knownPosts.has(postId))) throw postNotFound(postId);
    const claps = await deps.members.set(postId, memberId, count, { now: deps.now(), correlationId });
    return { postId, memberId, count: claps.count, version: claps.version, updatedAt: claps.updatedAt };
  };

const knownPosts = new KnownPosts((postId) => totalsStore().exists(postId));
const run = (postId: string, memberId: string, count: number, requestId: string) =>
  setClaps({ members: membersStore(), knownPosts, now: () => new Date() })(
    postId,
    memberId,
    count,
    requestId,
  );

/** PUT /posts/{postId}/claps {"count": 0–50} */
export const handler = httpRoute({
  name: 'setClaps',
  path: postPathSchema,
  body: setClapsBodySchema,
  handler: ({ path, body, memberId, event }) =>
    run(path.postId, memberId, body.count, event.requestContext.requestId),
});
