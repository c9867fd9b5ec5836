import { httpRoute } from '@kes/http-api';
import { membersStore, totalsStore } from '../../deps';
import { KnownPosts } from '../../domain/KnownPosts';
import { postNotFound, postPathSchema } from '../../schemas';
import type { MembersStore } from '../../store/MembersStore';

export interface GetMyClapsDeps {
  members: Pick<MembersStore, 'get'>;
  knownPosts: Pick<KnownPosts, 'has'>;
}

/** The caller's claps on a post: 0 (version 0) if they never clapped. */
export const getMyClaps = (deps: GetMyClapsDeps) => async (postId: string, memberId: string) => {
  if (!(await deps.knownPosts.has(postId))) throw postNotFound(postId);
  const claps = await deps.members.get(postId, memberId);
  return { postId, memberId, count: claps.count, version: claps.version };
};

const knownPosts = new KnownPosts((postId) => totalsStore().exists(postId));

/** GET /posts/{postId}/claps/me */
export const handler = httpRoute({
  name: 'getMyClaps',
  path: postPathSchema,
  handler: ({ path, memberId }) => getMyClaps({ members: membersStore(), knownPosts })(path.postId, memberId),
});
