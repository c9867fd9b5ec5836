import { defineEvent, type EventOf, EventRegistry } from '@kes/envelope';
import { z } from 'zod';
import { clapCountSchema, memberIdSchema, postIdSchema } from './ids';

/**
 * A member's claps on a post changed. Full state ("member M has clapped 21 times on post P"), never a
 * delta, so a duplicate is harmless. `version` is the post's claps version at this change;
 * `memberVersion` counts this member's changes on the post.
 */
export const ClapsByMemberChanged = defineEvent({
  type: 'ClapsByMemberChanged',
  subjectType: 'post',
  schemaVersion: 1,
  data: z.object({
    postId: postIdSchema,
    memberId: memberIdSchema,
    count: clapCountSchema,
    memberVersion: z.number().int().positive(),
  }),
});

/**
 * A post's claps total, as computed by the authoritative emitter (the claps service). `asOf` is when
 * the newest change it includes was accepted, so a reader can tell how fresh a total is.
 */
export const PostClapsTotalChanged = defineEvent({
  type: 'PostClapsTotalChanged',
  subjectType: 'post',
  schemaVersion: 1,
  data: z.object({
    postId: postIdSchema,
    total: z.number().int().nonnegative(),
    clappers: z.number().int().nonnegative(),
    asOf: z.iso.datetime({ offset: true }),
  }),
});

/** Events on the claps stream. */
export const clapsEvents = new EventRegistry([ClapsByMemberChanged, PostClapsTotalChanged]);

export type ClapsByMemberChangedEvent = EventOf<typeof ClapsByMemberChanged>;
export type PostClapsTotalChangedEvent = EventOf<typeof PostClapsTotalChanged>;
export type ClapsEvent = ClapsByMemberChangedEvent | PostClapsTotalChangedEvent;
