import { httpRoute } from '@kes/http-api';
import { clapsStore } from '../../deps';
import { postPathSchema } from '../../schemas';
import { setClaps } from '../setClaps/handler';

/** DELETE /posts/{postId}/claps: the caller's claps back to 0 (same answer as PUT). */
export const handler = httpRoute({
  name: 'unclap',
  path: postPathSchema,
  handler: ({ path, memberId, event }) =>
    setClaps({ claps: clapsStore(), now: () => new Date() })(
      path.postId,
      memberId,
      0,
      event.requestContext.requestId,
    ),
});
