import { defineEvent, type EventOf, EventRegistry } from '@kes/envelope';
import { z } from 'zod';
import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH, memberIdSchema, postIdSchema } from './ids';

/** A post was published: its full state (posts are immutable once published). */
export const PostPublished = defineEvent({
  type: 'PostPublished',
  subjectType: 'post',
  schemaVersion: 1,
  data: z.object({
    postId: postIdSchema,
    authorId: memberIdSchema,
    title: z.string().min(1).max(MAX_TITLE_LENGTH),
    body: z.string().max(MAX_BODY_LENGTH),
    createdAt: z.iso.datetime({ offset: true }),
  }),
});

/** Events on the posts stream. */
export const postsEvents = new EventRegistry([PostPublished]);

export type PostPublishedEvent = EventOf<typeof PostPublished>;
