import { httpRoute } from '@kes/http-api';
import { clapsStore } from '../../deps';
import { KnownPosts } from '../../domain/KnownPosts';
import { postNotFound, postPathSchema } from '../../schemas';
import type { ClapsStore } from '../../store/ClapsStore';

export interface GetMyClapsDeps {
  claps: Pick<ClapsStore, 'getMember'>;
  knownPosts: Pick<KnownPosts, 'has'>;
}

/** The caller's claps on a post: 0 (version 0) if they never clapped; 404 for a post that does not exist. */
export const getMyClaps = (deps: GetMyClapsDeps) => async (postId: string, memberId: string) => {
  if (!(await deps.knownPosts.has(postId))) throw postNotFound(postId);
  const claps = await deps.claps.getMember(postId, memberId);
  return { postId, memberId, count: claps.count, version: claps.version };
};

const knownPosts = new KnownPosts((postId) => clapsStore().isKnown(postId));

/** GET /posts/{postId}/claps/me */
export const handler = httpRoute({
  name: 'getMyClaps',
  path: postPathSchema,
  handler: ({ path, memberId }) => getMyClaps({ claps: clapsStore(), knownPosts })(path.postId, memberId),
});
