import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH, postIdSchema } from '@kes/contracts';
import { z } from 'zod';

export const postPathSchema = z.object({ postId: postIdSchema });

export const createPostBodySchema = z.strictObject({
  title: z.string().trim().min(1, 'must not be empty').max(MAX_TITLE_LENGTH),
  body: z.string().max(MAX_BODY_LENGTH),
});
