import { setTimeout as sleep } from 'node:timers/promises';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';

/** One member's claps on one post. */
export interface MemberClaps {
  postId: string;
  memberId: string;
  count: number;
  /** One more at every change of this member's count on this post; 0 if never clapped. */
  version: number;
  updatedAt: string | null;
}

/** A post the claps service knows about (from PostPublished), so it can be clapped. */
export interface TrackedPost {
  postId: string;
  authorId: string;
  publishedAt: string;
}

/** The change a totals item records about itself, so its stream record alone can become events. */
export interface LastChange {
  memberId: string;
  count: number;
  memberVersion: number;
  correlationId: string;
}

/** Why a transaction item was refused; `Item` (raw attribute values) when it asked for `ALL_OLD`. */
interface CancellationReason {
  Code?: string;
  Item?: Record<string, { S?: string }>;
}

/** The post does not exist (was never published), so it cannot be clapped. */
export class UnknownPostError extends Error {
  public constructor(postId: string) {
    super(`No post with id ${postId}`);
    this.name = 'UnknownPostError';
  }
}

export interface ClapsStoreOptions {
  membersTable: string;
  totalsTable: string;
  /** Attempts when a concurrent change to the same member (or a transaction conflict) wins the race. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  /** How many members' last-seen claps the store remembers as hints (default 100,000). */
  maxHints?: number;
  /** Read again when the post refuses a change's time as not later than its last change. */
  clock?: () => Date;
}

/**
 * The claps service's state: a members table (one item per post and member) and a totals table (one item
 * per known post: total, clappers, version). Setting a member's count is one transaction that updates
 * both, so the total is always the sum of the counts, and the post's version is assigned by DynamoDB,
 * one per change. The totals table's stream is the outbox: every committed change is a record there.
 */
export class ClapsStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #members: string;
  readonly #totals: string;
  readonly #maxAttempts: number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Members' claps last seen by this container (least recently used first), a hint for the next write. */
  readonly #hints = new Map<string, MemberClaps>();
  readonly #maxHints: number;
  readonly #clock: () => Date;

  public constructor(documents: DynamoDBDocumentClient, options: ClapsStoreOptions) {
    this.#documents = documents;
    this.#members = options.membersTable;
    this.#totals = options.totalsTable;
    this.#maxAttempts = options.maxAttempts ?? 6;
    this.#sleep = options.sleep ?? ((ms) => sleep(ms));
    this.#maxHints = options.maxHints ?? 100_000;
    this.#clock = options.clock ?? (() => new Date());
  }

  public async getMember(postId: string, memberId: string): Promise<MemberClaps> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#members, Key: { postId, memberId }, ConsistentRead: true }),
    );
    return {
      postId,
      memberId,
      count: Number(Item?.count ?? 0),
      version: Number(Item?.version ?? 0),
      updatedAt: (Item?.updatedAt as string | undefined) ?? null,
    };
  }

  /** Whether the post is known (has been published). */
  public async isKnown(postId: string): Promise<boolean> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#totals, Key: { postId }, ProjectionExpression: 'postId' }),
    );
    return Item !== undefined;
  }

  /** Starts tracking a published post with no claps (version 0); false when it was already tracked. */
  public async track(post: TrackedPost): Promise<boolean> {
    try {
      await this.#documents.send(
        new PutCommand({
          TableName: this.#totals,
          Item: { ...post, total: 0, clappers: 0, version: 0 },
          ConditionExpression: 'attribute_not_exists(postId)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /**
   * Sets a member's count on a post: in one transaction writes the new count (only if the member's
   * version is still the one expected) and adds the difference to the post's total, clappers and version
   * (only if the post is known). The expected state is what this store last saw of the member (or "never
   * clapped"), so most requests need no read; when the guess is wrong the condition fails and the member
   * is read and the change redone. The same count again writes nothing. Throws {@link UnknownPostError}
   * for a post that was never published.
   */
  public async setCount(
    postId: string,
    memberId: string,
    count: number,
    context: { now: Date; correlationId: string },
  ): Promise<MemberClaps> {
    const key = `${postId}|${memberId}`;
    // What this container last saw of the member, or "never clapped" when it saw nothing: either way a
    // guess the transaction's condition checks. A right guess saves the read; a wrong one costs it.
    let current: MemberClaps = this.#hints.get(key) ?? {
      postId,
      memberId,
      count: 0,
      version: 0,
      updatedAt: null,
    };
    let confirmed = false;
    // The post's changes get strictly increasing times: no earlier than the last change's time + 1 ms.
    let notBefore = context.now;
    for (let attempt = 1; ; attempt++) {
      if (current.count === count) {
        if (!confirmed) {
          // Setting the count the hint already shows: read the truth before answering "unchanged".
          current = await this.getMember(postId, memberId);
          confirmed = true;
          continue;
        }
        // Nothing to write; a member who never clapped is only answered for a post that exists.
        if (current.version === 0 && !(await this.isKnown(postId))) throw new UnknownPostError(postId);
        this.#remember(key, current);
        return current;
      }
      const next: MemberClaps = {
        ...current,
        count,
        version: current.version + 1,
        updatedAt: notBefore.toISOString(),
      };
      try {
        await this.#documents.send(this.#transaction(current, next, context.correlationId));
        this.#remember(key, next);
        return next;
      } catch (error) {
        const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
        // The post is unknown (no item came back), or its last change is not older than this one's time: a
        // request that read its clock earlier committed later, or clocks differ.
        const post = reasons?.[1];
        const postRefused = post?.Code === 'ConditionalCheckFailed';
        if (postRefused) {
          if (!post.Item) throw new UnknownPostError(postId);
          const lastChangeAt = post.Item.updatedAt?.S;
          // The clock again, not only "last + 1 ms": requests refused together then retry at different times.
          const after = lastChangeAt ? Date.parse(lastChangeAt) + 1 : 0;
          notBefore = new Date(Math.max(this.#clock().getTime(), notBefore.getTime(), after));
        }
        const memberChanged = reasons?.[0]?.Code === 'ConditionalCheckFailed';
        const conflict =
          (error as Error).name === 'TransactionConflictException' ||
          reasons?.some((reason) => reason.Code === 'TransactionConflict');
        if (!(postRefused || memberChanged || conflict) || attempt >= this.#maxAttempts) throw error;
        if (conflict) await this.#sleep(Math.random() * Math.min(10 * 2 ** attempt, 200));
        if (postRefused && !memberChanged && !conflict) continue;
        // The guess was stale (or another request won the race): read the member, redo the change.
        current = await this.getMember(postId, memberId);
        confirmed = true;
      }
    }
  }

  #transaction(current: MemberClaps, next: MemberClaps, correlationId: string): TransactWriteCommand {
    const { postId, memberId, count } = next;
    const change: LastChange = { memberId, count, memberVersion: next.version, correlationId };
    return new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.#members,
            Item: { postId, memberId, count, version: next.version, updatedAt: next.updatedAt },
            ConditionExpression:
              current.version === 0 ? 'attribute_not_exists(postId)' : '#version = :expected',
            ...(current.version === 0
              ? {}
              : {
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':expected': current.version },
                }),
          },
        },
        {
          Update: {
            TableName: this.#totals,
            Key: { postId },
            UpdateExpression:
              'SET #total = #total + :delta, clappers = clappers + :clappersDelta, #version = #version + :one, updatedAt = :now, lastChange = :change',
            // Known posts only, and the post's times grow with its version: its events' `occurredAt` never
            // goes back, so reading them in time order (the event store's time index, replays) is reading
            // them in version order.
            ConditionExpression:
              'attribute_exists(postId) AND (attribute_not_exists(updatedAt) OR updatedAt < :now)',
            // A refusal brings the item back (raw attribute values), so telling why costs no read.
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            ExpressionAttributeNames: { '#total': 'total', '#version': 'version' },
            ExpressionAttributeValues: {
              ':delta': count - current.count,
              ':clappersDelta': Number(count > 0) - Number(current.count > 0),
              ':one': 1,
              ':now': next.updatedAt,
              ':change': change,
            },
          },
        },
      ],
    });
  }

  #remember(key: string, claps: MemberClaps): void {
    if (this.#hints.size >= this.#maxHints) this.#hints.delete(this.#hints.keys().next().value as string);
    this.#hints.delete(key);
    this.#hints.set(key, claps);
  }
}
