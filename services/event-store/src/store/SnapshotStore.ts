import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Subject } from '@kes/envelope';
import type { Snapshot } from '../domain/types';
import { BATCH_WRITE_LIMIT } from './batchWriteAll';
import type { SnapshotGuard } from './EventStore';
import { HEAD_SK, SNAPSHOT_SK_PREFIX, SNAPSHOTS_IN_FLIGHT, snapshotSk, subjectPk, TOUCH_SK } from './keys';

/**
 * Snapshots of subjects, stored next to their events (`sk = snap#<asOf>`), so the latest snapshot at or
 * before a time is one Query.
 */
export class SnapshotStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;

  public constructor(documents: DynamoDBDocumentClient, table: string) {
    this.#documents = documents;
    this.#table = table;
  }

  /** The newest snapshot with `asOf` ≤ `at` (a normalised time), read consistently. */
  public async latestAtOrBefore(subject: Subject, at: string): Promise<Snapshot | undefined> {
    const { Items = [] } = await this.#documents.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
        ExpressionAttributeValues: {
          ':pk': subjectPk(subject),
          ':first': SNAPSHOT_SK_PREFIX,
          ':last': snapshotSk(at),
        },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    return Items[0]?.snapshot as Snapshot | undefined;
  }

  /**
   * Announces a snapshot of `subject` before it is computed: adds `intent` (a unique id) to the head's set
   * of snapshots in flight. Appends that see the set non-empty replace the touch token, which makes a
   * snapshot that may have missed their events fail (putIfUnchanged); appends that read the head before
   * the announcement stored their events before the snapshot reads any. So appends only pay for the touch
   * while a snapshot is in flight. Adding to a set is idempotent, so an SDK retry is harmless.
   */
  public async announce(subject: Subject, intent: string): Promise<void> {
    await this.#updateInFlight(subject, 'ADD', intent);
  }

  /**
   * Withdraws an announced snapshot that will not be written (nothing to snapshot, or appends kept racing
   * it). A snapshot that is written withdraws itself in putIfUnchanged's transaction. An intent never
   * withdrawn (the process died) only makes the subject's appends touch: slower, never wrong.
   */
  public async withdraw(subject: Subject, intent: string): Promise<void> {
    await this.#updateInFlight(subject, 'DELETE', intent);
  }

  async #updateInFlight(subject: Subject, action: 'ADD' | 'DELETE', intent: string): Promise<void> {
    await this.#documents.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: subjectPk(subject), sk: HEAD_SK },
        UpdateExpression: `${action} #inFlight :intent`,
        ExpressionAttributeNames: { '#inFlight': SNAPSHOTS_IN_FLIGHT },
        ExpressionAttributeValues: { ':intent': new Set([intent]) },
      }),
    );
  }

  /**
   * Writes a snapshot only if no append touched the subject since `guard` was read (its touch token is
   * unchanged), records its time on the head and withdraws its `intent` there — one transaction. False if
   * an append got in between: the snapshot may have missed an event, so the caller computes it again.
   */
  public async putIfUnchanged(snapshot: Snapshot, guard: SnapshotGuard, intent?: string): Promise<boolean> {
    const pk = subjectPk(snapshot.subject);
    const seen = guard.latestSnapshotAt;
    const latest = seen && seen > snapshot.asOf ? seen : snapshot.asOf;
    try {
      await this.#documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: this.#table,
                Key: { pk, sk: TOUCH_SK },
                ConditionExpression: guard.token ? '#token = :token' : 'attribute_not_exists(pk)',
                ...(guard.token
                  ? {
                      ExpressionAttributeNames: { '#token': 'token' },
                      ExpressionAttributeValues: { ':token': guard.token },
                    }
                  : {}),
              },
            },
            {
              Update: {
                TableName: this.#table,
                Key: { pk, sk: HEAD_SK },
                UpdateExpression: `SET latestSnapshotAt = :latest${intent ? ' DELETE #inFlight :intent' : ''}`,
                ConditionExpression: seen
                  ? 'latestSnapshotAt = :seen'
                  : 'attribute_not_exists(latestSnapshotAt)',
                ...(intent ? { ExpressionAttributeNames: { '#inFlight': SNAPSHOTS_IN_FLIGHT } } : {}),
                ExpressionAttributeValues: {
                  ':latest': latest,
                  ...(seen ? { ':seen': seen } : {}),
                  ...(intent ? { ':intent': new Set([intent]) } : {}),
                },
              },
            },
            { Put: { TableName: this.#table, Item: { pk, sk: snapshotSk(snapshot.asOf), snapshot } } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'TransactionCanceledException') return false;
      throw error;
    }
  }

  /**
   * Deletes the subject's snapshots with `asOf` ≥ `from`: an event that arrived late (its time before a
   * snapshot's) makes them stale. Returns how many were deleted.
   */
  public async deleteFrom(subject: Subject, from: string): Promise<number> {
    const pk = subjectPk(subject);
    const keys: { pk: string; sk: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#documents.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :last',
          ExpressionAttributeValues: {
            ':pk': pk,
            ':from': snapshotSk(from),
            ':last': `${SNAPSHOT_SK_PREFIX}~`,
          },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) keys.push({ pk, sk: String(item.sk) });
      start = page.LastEvaluatedKey;
    } while (start);
    for (let i = 0; i < keys.length; i += BATCH_WRITE_LIMIT) {
      let requests = keys.slice(i, i + BATCH_WRITE_LIMIT).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await sleep(Math.random() * Math.min(25 * 2 ** attempt, 2_000));
        const result = await this.#documents.send(
          new BatchWriteCommand({ RequestItems: { [this.#table]: requests } }),
        );
        requests = (result.UnprocessedItems?.[this.#table] ?? []) as typeof requests;
      }
    }
    return keys.length;
  }
}
