import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** An authenticated GET on the system's HTTP API: status and parsed body. */
export type ApiGet = (path: string) => Promise<{ status: number; body: unknown }>;

interface EntityState {
  facets?: Record<string, { version?: number } | undefined>;
}

/** The read model's claps version of each post (absent: no total applied yet). */
const liveVersions = async (documents: DynamoDBDocumentClient, table: string, postIds: string[]) => {
  const versions = new Map<string, number>();
  for (let i = 0; i < postIds.length; i += 100) {
    const { Responses } = await documents.send(
      new BatchGetCommand({
        RequestItems: {
          [table]: { Keys: postIds.slice(i, i + 100).map((postId) => ({ postId })), ConsistentRead: true },
        },
      }),
    );
    for (const item of Responses?.[table] ?? []) versions.set(String(item.postId), Number(item.version));
  }
  return versions;
};

/**
 * Waits until the event store holds, for every post, its PostPublished and the PostClapsTotalChanged whose
 * version the live read model shows (through `GET /entities/post/{id}`): then a replay of the store can
 * rebuild exactly the live read model. Resolves with the posts still behind at the timeout (empty: converged).
 *
 * @example
 * const behind = await waitForEventStore(get, documents, 'kes-local-posts-claps', postIds, 60_000);
 */
export const waitForEventStore = async (
  get: ApiGet,
  documents: DynamoDBDocumentClient,
  liveTable: string,
  postIds: string[],
  timeoutMs: number,
  onWaiting?: (behind: number) => void,
): Promise<string[]> => {
  const deadline = Date.now() + timeoutMs;
  let behind = [...postIds];
  while (behind.length > 0) {
    const versions = await liveVersions(documents, liveTable, behind);
    const still: string[] = [];
    for (let i = 0; i < behind.length; i += 16) {
      const slice = behind.slice(i, i + 16);
      const states = await Promise.all(
        slice.map((postId) => get(`/entities/post/${encodeURIComponent(postId)}`)),
      );
      slice.forEach((postId, index) => {
        const state = states[index];
        const facets = state?.status === 200 ? (state.body as EntityState).facets : undefined;
        const stored = facets?.PostClapsTotalChanged?.version;
        if (!facets?.PostPublished || stored !== versions.get(postId)) still.push(postId);
      });
    }
    behind = still;
    if (behind.length === 0 || Date.now() > deadline) break;
    onWaiting?.(behind.length);
    await sleep(500);
  }
  return behind;
};
