import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';

/** A post as the posts table keeps it (the full state PostPublished carries). */
export interface Post {
  postId: string;
  authorId: string;
  title: string;
  body: string;
  createdAt: string;
}

export interface PostsPage {
  posts: Post[];
  /** The key to continue from, or undefined on the last page. */
  lastKey: { postId: string } | undefined;
}

/** The posts table: one item per post, keyed by postId; its stream (INSERT) is the PostPublished outbox. */
export class PostsStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  public constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  /** Stores a new post; false if the id is taken (never overwrites). */
  public async create(post: Post): Promise<boolean> {
    try {
      await this.#documents.send(
        new PutCommand({
          TableName: this.#table,
          Item: post,
          ConditionExpression: 'attribute_not_exists(postId)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  public async get(postId: string): Promise<Post | undefined> {
    const { Item } = await this.#documents.send(new GetCommand({ TableName: this.#table, Key: { postId } }));
    return Item as Post | undefined;
  }

  /** One page of posts in the table's order (a scan), starting after `after`. */
  public async page(limit: number, after: { postId: string } | undefined): Promise<PostsPage> {
    const result = await this.#documents.send(
      new ScanCommand({
        TableName: this.#table,
        Limit: limit,
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    );
    return {
      posts: (result.Items ?? []) as Post[],
      lastKey: result.LastEvaluatedKey as { postId: string } | undefined,
    };
  }
}
