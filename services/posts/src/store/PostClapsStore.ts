import { setTimeout as sleep } from 'node:timers/promises';
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

/** A post's claps as the read model knows them: the newest PostClapsTotalChanged applied. */
export interface PostClaps {
  postId: string;
  claps: number;
  clappers: number;
  /** The version of the claps state; the version guard only lets a higher one in. */
  version: number;
  /** When the newest clap this total includes was accepted. */
  asOf: string;
}

/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_LIMIT = 100;

/** The claps part of the posts read model. */
export class PostClapsStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  public constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  public get table(): string {
    return this.#table;
  }

  public async get(postId: string): Promise<PostClaps | undefined> {
    const { Item } = await this.#documents.send(new GetCommand({ TableName: this.#table, Key: { postId } }));
    return Item as PostClaps | undefined;
  }

  /** The claps of many posts; retries the keys DynamoDB leaves unprocessed under load. */
  public async getMany(postIds: string[]): Promise<Map<string, PostClaps>> {
    const found = new Map<string, PostClaps>();
    for (let i = 0; i < postIds.length; i += BATCH_GET_LIMIT) {
      let keys: Array<Record<string, unknown>> = postIds
        .slice(i, i + BATCH_GET_LIMIT)
        .map((postId) => ({ postId }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.min(25 * 2 ** attempt, 1_000) * Math.random());
        const result = await this.#documents.send(
          new BatchGetCommand({ RequestItems: { [this.#table]: { Keys: keys } } }),
        );
        for (const item of result.Responses?.[this.#table] ?? [])
          found.set(String(item.postId), item as PostClaps);
        keys = result.UnprocessedKeys?.[this.#table]?.Keys ?? [];
        if (attempt > 8 && keys.length > 0)
          throw new Error(`BatchGetItem left ${keys.length} keys unprocessed`);
      }
    }
    return found;
  }
}
