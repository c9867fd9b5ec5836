import { createAwsClients, once, requireEnv } from '@kes/aws-clients';
import { PostClapsStore } from './store/PostClapsStore';
import { PostsStore } from './store/PostsStore';

/**
 * The AWS clients of this container (created once per cold start, reused by every invocation). Kinesis
 * calls are not retried by the SDK: the ordered writer retries them itself, without reordering a key.
 */
export const clients = once(() => createAwsClients(process.env, { kinesisMaxAttempts: 1 }));

export const postsStore = once(() => new PostsStore(clients().documents, requireEnv('POSTS_TABLE')));
export const postClapsStore = once(
  () => new PostClapsStore(clients().documents, requireEnv('POST_CLAPS_TABLE')),
);
