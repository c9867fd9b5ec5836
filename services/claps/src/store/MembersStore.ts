import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/** One member's claps on one post, as the members table keeps them. */
export interface MemberClaps {
  postId: string;
  memberId: string;
  count: number;
  /** One more at every change of this member's count on this post; 0 if never clapped. */
  version: number;
  updatedAt: string | null;
}

/**
 * The members table: one item per (post, member). Setting a count is one conditional write of that
 * item: nothing else is written in the request path, and the table's stream carries old and new image
 * to the publisher.
 */
export class MembersStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  public constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  public async get(postId: string, memberId: string): Promise<MemberClaps> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: { postId, memberId }, ConsistentRead: true }),
    );
    return toClaps(postId, memberId, Item);
  }

  /**
   * Sets the member's count. Idempotent: the same count again writes nothing (the condition fails) and
   * returns the stored state with its unchanged version; a count of 0 for a member who never clapped
   * writes nothing either.
   */
  public async set(
    postId: string,
    memberId: string,
    count: number,
    context: { now: Date; correlationId: string },
  ): Promise<MemberClaps> {
    try {
      const { Attributes } = await this.#documents.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { postId, memberId },
          UpdateExpression:
            'SET #count = :count, updatedAt = :now, correlationId = :correlationId ADD #version :one',
          ConditionExpression:
            count === 0
              ? 'attribute_exists(#count) AND #count <> :count'
              : 'attribute_not_exists(#count) OR #count <> :count',
          ExpressionAttributeNames: { '#count': 'count', '#version': 'version' },
          ExpressionAttributeValues: {
            ':count': count,
            ':now': context.now.toISOString(),
            ':correlationId': context.correlationId,
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return toClaps(postId, memberId, Attributes);
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') {
        // The item a failed condition returns is in DynamoDB's wire format.
        const item = (error as { Item?: Record<string, AttributeValue> }).Item;
        return toClaps(postId, memberId, item ? unmarshall(item) : undefined);
      }
      throw error;
    }
  }
}

const toClaps = (
  postId: string,
  memberId: string,
  item: Record<string, unknown> | undefined,
): MemberClaps => ({
  postId,
  memberId,
  count: Number(item?.count ?? 0),
  version: Number(item?.version ?? 0),
  updatedAt: (item?.updatedAt as string | undefined) ?? null,
});
