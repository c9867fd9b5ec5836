import { once, requireEnv } from '@kes/aws-clients';
import { clapsEvents, type PostClapsTotalChangedEvent } from '@kes/contracts';
import {
  applyIfNewer,
  type DeadLetterDestination,
  kinesisConsumer,
  s3DeadLetter,
} from '@kes/kinesis-consumer';
import { clients, postClapsStore } from '../../deps';

const deadLetter = once(
  (): DeadLetterDestination =>
    s3DeadLetter({
      client: clients().s3,
      bucket: requireEnv('DEAD_LETTER_BUCKET'),
      prefix: 'posts/projectClaps',
    }),
);

/**
 * Keeps each post's claps in the read model from PostClapsTotalChanged. Events are full state with a
 * per-post version, so of a key's events in a batch only the newest matters, and the version guard
 * ignores anything not newer than what is stored: duplicates, retries, replays and reordering can only
 * be skipped, never applied over a newer total.
 */
export const handler = kinesisConsumer({
  name: 'projectClaps',
  registry: clapsEvents,
  deadLetter: { send: (letter) => deadLetter().send(letter) },
  handleKey: async (items) => {
    let newest: PostClapsTotalChangedEvent | undefined;
    for (const { event } of items) {
      if (event.type === 'PostClapsTotalChanged' && (!newest || event.version > newest.version))
        newest = event;
    }
    if (!newest) return { skipped: items.length };
    const result = await applyIfNewer(clients().documents, {
      tableName: postClapsStore().table,
      key: { postId: newest.data.postId },
      version: newest.version,
      set: { claps: newest.data.total, clappers: newest.data.clappers, asOf: newest.data.asOf },
    });
    return { skipped: items.length - (result === 'applied' ? 1 : 0) };
  },
});
