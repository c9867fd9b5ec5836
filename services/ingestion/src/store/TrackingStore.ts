import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ControllerStateConflictError } from './ControllerStateConflictError';

/** Where one record stands today: claimed by a fan-out, fetched, failed (retryable) or dead-lettered. */
export type TrackingStatus = 'in-flight' | 'fetched' | 'failed' | 'dead';

/** One item of the tracking table: a record id on a day (UTC `yyyy-mm-dd`). */
export interface TrackingItem {
  recordId: string;
  day: string;
  status: TrackingStatus;
  attempts: number;
  /** While `in-flight`: until when the claim holds (epoch ms); a crashed fan-out's claim expires. */
  leaseUntil?: number;
  lastError?: string;
  latencyMs?: number;
  updatedAt: number;
}

/** The answer of {@link TrackingStore.claim}: claimed (go and fetch), or what stopped the claim. */
export type ClaimResult =
  | { claimed: true; attempts: number }
  | { claimed: false; item: TrackingItem | undefined };

export interface TrackingStoreOptions {
  table: string;
  /** How long tracking items are kept (DynamoDB TTL), in days. */
  retentionDays: number;
  /** Attempts a record gets per day before it is dead-lettered. */
  maxAttempts: number;
}

/** The controller's state as stored, with the version a conditional write expects. */
export interface VersionedControllerState {
  state: unknown;
  version: number;
}

/** The controller's state lives in the same table, under a key no record id can take. */
const CONTROLLER_KEY = { recordId: '#controller', day: '#state' } as const;
const BATCH_GET_LIMIT = 100;
const MAX_UNPROCESSED_ROUNDS = 8;

/**
 * The tracking table of one provider (article 003: "what was processed today and how many attempts it
 * took"). Every transition is a conditional write, so a record is fetched at most once per day however
 * often it is delivered: only one fan-out can hold a record's claim, and a fetched record is never
 * claimed again that day.
 */
export class TrackingStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #options: TrackingStoreOptions;

  public constructor(documents: DynamoDBDocumentClient, options: TrackingStoreOptions) {
    this.#documents = documents;
    this.#options = options;
  }

  public get maxAttempts(): number {
    return this.#options.maxAttempts;
  }

  /** The tracking items of these keys (absent = never tried that day); retries UnprocessedKeys. */
  public async getMany(
    keys: ReadonlyArray<{ recordId: string; day: string }>,
  ): Promise<Map<string, TrackingItem>> {
    const found = new Map<string, TrackingItem>();
    const unique = [...new Map(keys.map((key) => [trackingKey(key), key])).values()];
    for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
      let pending: Array<Record<string, unknown>> = unique
        .slice(start, start + BATCH_GET_LIMIT)
        .map(({ recordId, day }) => ({ recordId, day }));
      for (let round = 0; pending.length > 0; round++) {
        if (round >= MAX_UNPROCESSED_ROUNDS)
          throw new Error(`BatchGetItem left ${pending.length} keys unprocessed after ${round} rounds`);
        if (round > 0) await backoff(round);
        const answer = await this.#documents.send(
          new BatchGetCommand({
            RequestItems: { [this.#options.table]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        for (const item of answer.Responses?.[this.#options.table] ?? []) {
          const tracked = item as TrackingItem;
          found.set(trackingKey(tracked), tracked);
        }
        pending = (answer.UnprocessedKeys?.[this.#options.table]?.Keys ?? []) as Array<
          Record<string, unknown>
        >;
      }
    }
    return found;
  }

  /**
   * Claims a record for one fetch: succeeds only if it was never tried today, or its last attempt failed
   * (or its claim expired) and attempts remain. A concurrent duplicate loses the condition.
   */
  public async claim(
    key: { recordId: string; day: string },
    now: number,
    leaseMs: number,
  ): Promise<ClaimResult> {
    try {
      const answer = await this.#documents.send(
        new UpdateCommand({
          TableName: this.#options.table,
          Key: { recordId: key.recordId, day: key.day },
          UpdateExpression:
            'SET #status = :inFlight, attempts = if_not_exists(attempts, :zero) + :one, leaseUntil = :lease, updatedAt = :now, expiresAt = :expires',
          ConditionExpression:
            'attribute_not_exists(recordId) OR (attempts < :max AND (#status = :failed OR (#status = :inFlight AND leaseUntil < :now)))',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':inFlight': 'in-flight',
            ':failed': 'failed',
            ':zero': 0,
            ':one': 1,
            ':max': this.#options.maxAttempts,
            ':lease': now + leaseMs,
            ':now': now,
            ':expires': this.#expiresAt(now),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { claimed: true, attempts: Number(answer.Attributes?.attempts ?? 1) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.#documents.send(
        new GetCommand({ TableName: this.#options.table, Key: { ...key }, ConsistentRead: true }),
      );
      return { claimed: false, item: current.Item as TrackingItem | undefined };
    }
  }

  /** Ends a claim: `fetched` or `failed` (with the error). Only the attempt that holds the claim can. */
  public async settle(
    key: { recordId: string; day: string },
    attempt: number,
    outcome: { status: 'fetched' | 'failed'; latencyMs: number; error?: string },
    now: number,
  ): Promise<boolean> {
    try {
      await this.#documents.send(
        new UpdateCommand({
          TableName: this.#options.table,
          Key: { recordId: key.recordId, day: key.day },
          UpdateExpression:
            outcome.error === undefined
              ? 'SET #status = :status, latencyMs = :latency, updatedAt = :now REMOVE leaseUntil'
              : 'SET #status = :status, latencyMs = :latency, updatedAt = :now, lastError = :error REMOVE leaseUntil',
          ConditionExpression: '#status = :inFlight AND attempts = :attempt',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': outcome.status,
            ':latency': outcome.latencyMs,
            ':now': now,
            ':inFlight': 'in-flight',
            ':attempt': attempt,
            ...(outcome.error === undefined ? {} : { ':error': outcome.error.slice(0, 1_000) }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Marks a record that has used all its attempts as dead-lettered (after its letter is stored). */
  public async markDead(key: { recordId: string; day: string }, reason: string, now: number): Promise<void> {
    await this.#documents
      .send(
        new UpdateCommand({
          TableName: this.#options.table,
          Key: { recordId: key.recordId, day: key.day },
          UpdateExpression:
            'SET #status = :dead, lastError = if_not_exists(lastError, :reason), updatedAt = :now, expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(#status) OR #status <> :fetched',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':dead': 'dead',
            ':fetched': 'fetched',
            ':reason': reason,
            ':now': now,
            ':expires': this.#expiresAt(now),
          },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  public async get(key: { recordId: string; day: string }): Promise<TrackingItem | undefined> {
    const answer = await this.#documents.send(
      new GetCommand({ TableName: this.#options.table, Key: { ...key }, ConsistentRead: true }),
    );
    return answer.Item as TrackingItem | undefined;
  }

  /**
   * The controller's persisted state (undefined on the first turn ever) and its version (0 when none is
   * stored), to be passed back to {@link writeControllerState}.
   */
  public async readControllerState(): Promise<VersionedControllerState> {
    const answer = await this.#documents.send(
      new GetCommand({ TableName: this.#options.table, Key: CONTROLLER_KEY, ConsistentRead: true }),
    );
    return { state: answer.Item?.state, version: Number(answer.Item?.version ?? 0) };
  }

  /**
   * Writes the controller's state if it is still at `expectedVersion` (optimistic concurrency: the
   * ventilators of several shards and the tick each take turns), and returns the new version. Throws
   * {@link ControllerStateConflictError} when another turn wrote first.
   */
  public async writeControllerState(state: unknown, now: number, expectedVersion: number): Promise<number> {
    const version = expectedVersion + 1;
    try {
      await this.#documents.send(
        new PutCommand({
          TableName: this.#options.table,
          Item: { ...CONTROLLER_KEY, state, version, updatedAt: now },
          // A state written before versions existed has none: it counts as version 0.
          ConditionExpression:
            expectedVersion === 0 ? 'attribute_not_exists(version)' : 'version = :expected',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ControllerStateConflictError(expectedVersion, { cause: error });
      throw error;
    }
    return version;
  }

  #expiresAt(now: number): number {
    return Math.floor(now / 1000) + this.#options.retentionDays * 86_400;
  }
}

export const trackingKey = (key: { recordId: string; day: string }): string => `${key.day}/${key.recordId}`;

const backoff = (round: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** round) * (0.5 + Math.random() / 2)));
