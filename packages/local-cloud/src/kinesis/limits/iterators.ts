import { createDecipheriv } from 'node:crypto';
import { ITERATOR_PWD_IV, ITERATOR_PWD_KEY } from 'kinesalite/db';

/** The stream and shard a shard iterator reads. */
export interface IteratorTarget {
  streamName: string;
  shardId: string;
}

const VERSION = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]);

/**
 * The stream and shard of a kinesalite shard iterator, or `undefined` for anything that is not one
 * (kinesalite then answers with its own error). kinesalite's iterators are
 * `00…01 ‖ AES-256-CBC("time/stream/shardId/sequence/random")` with a fixed key, so the front reads
 * them instead of remembering every iterator it hands out: no memory to bound, and iterators from
 * before a restart still count against the right shard.
 */
export const iteratorTarget = (iterator: string): IteratorTarget | undefined => {
  const raw = Buffer.from(iterator, 'base64');
  if (raw.length < 24 || !raw.subarray(0, 8).equals(VERSION)) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-cbc', ITERATOR_PWD_KEY, ITERATOR_PWD_IV);
    const pieces = Buffer.concat([decipher.update(raw.subarray(8)), decipher.final()])
      .toString('utf8')
      .split('/');
    const [, streamName, shardId] = pieces;
    if (pieces.length !== 5 || !streamName || !shardId || !/^shardId-\d{12}$/.test(shardId)) return undefined;
    return { streamName, shardId };
  } catch {
    return undefined;
  }
};
