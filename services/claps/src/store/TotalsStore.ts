import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type ClapsTotal, emptyTotal } from '../domain/foldClapChanges';

/** A post the claps service knows about (from PostPublished), so it can be clapped. */
export interface TrackedPost {
  postId: string;
  authorId: string;
  publishedAt: string;
}

/** Raised when another fold committed first; the caller retries with the fresh state. */
export class ConcurrentFoldError extends Error {
  public constructor(postId: string, expectedVersion: number) {
    super(`Claps total of ${postId} changed while folding (expected version ${expectedVersion})`);
    this.name = 'ConcurrentFoldError';
  }
}

/** The totals table: one item per known post with its claps total, version and fold position. */
export class TotalsStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  public constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  /** Whether the post is known (has been published). */
  public async exists(postId: string): Promise<boolean> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: { postId }, ProjectionExpression: 'postId' }),
    );
    return Item !== undefined;
  }

  /** Starts tracking a published post with no claps; false when it was already tracked. */
  public async track(post: TrackedPost): Promise<boolean> {
    try {
      await this.#documents.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...emptyTotal(post.postId), authorId: post.authorId, publishedAt: post.publishedAt },
          ConditionExpression: 'attribute_not_exists(postId)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** The current total (strongly consistent: the fold must start from the last commit). */
  public async get(postId: string): Promise<ClapsTotal> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: { postId }, ConsistentRead: true }),
    );
    if (!Item) return emptyTotal(postId);
    return {
      postId,
      total: Number(Item.total ?? 0),
      clappers: Number(Item.clappers ?? 0),
      version: Number(Item.version ?? 0),
      foldedSequence: String(Item.foldedSequence ?? '0'),
      asOf: (Item.asOf as string | undefined) ?? null,
    };
  }

  /** Commits a fold, only if nobody committed since `previous` was read (optimistic concurrency). */
  public async commit(previous: ClapsTotal, next: ClapsTotal): Promise<void> {
    try {
      await this.#documents.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { postId: next.postId },
          UpdateExpression:
            'SET #total = :total, clappers = :clappers, #version = :version, foldedSequence = :sequence, asOf = :asOf',
          ConditionExpression:
            previous.version === 0
              ? 'attribute_not_exists(#version) OR #version = :previous'
              : '#version = :previous',
          ExpressionAttributeNames: { '#total': 'total', '#version': 'version' },
          ExpressionAttributeValues: {
            ':total': next.total,
            ':clappers': next.clappers,
            ':version': next.version,
            ':sequence': next.foldedSequence,
            ':asOf': next.asOf,
            ':previous': previous.version,
          },
        }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        throw new ConcurrentFoldError(next.postId, previous.version);
      }
      throw error;
    }
  }
}
