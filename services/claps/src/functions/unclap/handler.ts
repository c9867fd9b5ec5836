import { httpRoute } from '@kes/http-api';
import { membersStore, totalsStore } from '../../deps';
import { KnownPosts } from '../../domain/KnownPosts';
import { postPathSchema } from '../../schemas';
import { setClaps } from '../setClaps/handler';

const knownPosts = new KnownPosts((postId) => totalsStore().exists(postId));

/** DELETE /posts/{postId}/claps: the caller's claps back to 0 (same answer as PUT). */
export const handler = httpRoute({
  name: 'unclap',
  path: postPathSchema,
  handler: ({ path, memberId, event }) =>
    setClaps({ members: membersStore(), knownPosts, now: () => new Date() })(
      path.postId,
      memberId,
      0,
      event.requestContext.requestId,
    ),
});
