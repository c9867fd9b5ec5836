import { EventRegistry } from '@kes/envelope';
import { ClapsByMemberChanged, PostClapsTotalChanged } from './clapsEvents';
import { PostPublished } from './postsEvents';

/**
 * Every event type of the reference system, whatever stream carries it: what a consumer of all
 * streams (the event store, a replay) understands. A new event type is registered here too.
 */
export const domainEvents = new EventRegistry([PostPublished, ClapsByMemberChanged, PostClapsTotalChanged]);
