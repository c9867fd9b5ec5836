import { clapCountSchema, postIdSchema } from '@kes/contracts';
import { notFound } from '@kes/http-api';
import { z } from 'zod';

export const postPathSchema = z.object({ postId: postIdSchema });

export const setClapsBodySchema = z.strictObject({ count: clapCountSchema });

export const postNotFound = (postId: string) =>
  notFound(
    'PostNotFound',
    `No post with id ${postId} (a new post can be clapped a second or two after it is published)`,
  );
