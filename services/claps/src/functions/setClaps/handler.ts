import { httpRoute } from '@kes/http-api';
import { clapsStore } from '../../deps';
import { postNotFound, postPathSchema, setClapsBodySchema } from '../../schemas';
import { type ClapsStore, UnknownPostError } from '../../store/ClapsStore';

export interface SetClapsDeps {
  claps: Pick<ClapsStore, 'setCount'>;
  now: () => Date;
}

/**
 * Sets the caller's claps on a post to `count` (full state: repeating a request changes nothing). One
 * DynamoDB transaction updates the member's count and the post's total; the events follow from the
 * totals table's stream, so none can be lost once this answers 200.
 */
export const setClaps =
  (deps: SetClapsDeps) => async (postId: string, memberId: string, count: number, correlationId: string) => {
    try {
      const claps = await deps.claps.setCount(postId, memberId, count, { now: deps.now(), correlationId });
      return { postId, memberId, count: claps.count, version: claps.version, updatedAt: claps.updatedAt };
    } catch (error) {
      if (error instanceof UnknownPostError) throw postNotFound(postId);
      throw error;
    }
  };

/** PUT /posts/{postId}/claps {"count": 0–50} */
export const handler = httpRoute({
  name: 'setClaps',
  path: postPathSchema,
  body: setClapsBodySchema,
  handler: ({ path, body, memberId, event }) =>
    setClaps({ claps: clapsStore(), now: () => new Date() })(
      path.postId,
      memberId,
      body.count,
      event.requestContext.requestId,
    ),
});
