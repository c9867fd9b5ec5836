import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Subject } from '@kes/envelope';
import type { StoredEvent } from '../domain/types';
import { type BatchWriteAllOptions, batchWriteAll } from './batchWriteAll';
import {
  AFTER_INSTANT,
  EVENT_SK_PREFIX,
  eventSk,
  HEAD_SK,
  hourBucket,
  normalizeTime,
  subjectPk,
  timePk,
  timeSk,
  writeShard,
} from './keys';

/** Index names, as serverless.yml declares them. */
export const SUBJECT_TIME_INDEX = 'bySubjectTime';
export const TIME_INDEX = 'byTime';

export interface EventStoreOptions {
  table: string;
  /** Write shards per hour bucket of the time index. Only ever raise it: reads query shards 0..n-1. Default 8. */
  timeShards?: number;
  batchWrite?: BatchWriteAllOptions;
}

export const DEFAULT_TIME_SHARDS = 8;

/** One page of a subject's history. */
export interface HistoryPage {
  events: StoredEvent[];
  /** The sort key of the last event returned when more follow, else undefined. */
  lastSk: string | undefined;
}

/** The head item of a subject: how many appends it has seen and its newest snapshot time. */
export interface SubjectHead {
  appends: number;
  latestSnapshotAt: string | undefined;
}

/**
 * The permanent event store: every event once, keyed by subject and version, with a subject-time and a
 * write-sharded global time index (see keys.ts for the layout and the README for why).
 *
 * @example
 * const store = new EventStore(documents, { table: 'kes-dev-events' });
 * await store.append(events); // idempotent: appending the same events again changes nothing
 */
export class EventStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #timeShards: number;
  readonly #batchWrite: BatchWriteAllOptions;

  public constructor(documents: DynamoDBDocumentClient, options: EventStoreOptions) {
    const { table, timeShards = DEFAULT_TIME_SHARDS, batchWrite = {} } = options;
    if (!Number.isInteger(timeShards) || timeShards < 1 || timeShards > 1000) {
      throw new RangeError(`timeShards must be an integer from 1 to 1000, got ${timeShards}`);
    }
    this.#documents = documents;
    this.#table = table;
    this.#timeShards = timeShards;
    this.#batchWrite = batchWrite;
  }

  public get table(): string {
    return this.#table;
  }

  public get timeShards(): number {
    return this.#timeShards;
  }

  public get documents(): DynamoDBDocumentClient {
    return this.#documents;
  }

  /** The item an event is stored as: the envelope under `event`, plus its keys and index keys. */
  public itemOf(event: StoredEvent): Record<string, unknown> {
    const at = normalizeTime(event.occurredAt);
    return {
      pk: subjectPk(event.subject),
      sk: eventSk(event),
      atSk: timeSk(at, event.id),
      tpk: timePk(hourBucket(at), writeShard(event.id, this.#timeShards)),
      tsk: timeSk(at, event.id),
      type: event.type,
      at,
      event,
    };
  }

  /**
   * Stores events, each once: the key is derived from the event (subject, version, type, id), so a
   * duplicate — in this call, a redelivered batch or a replay — overwrites itself with the same item.
   */
  public async append(events: StoredEvent[]): Promise<void> {
    const items = new Map<string, Record<string, unknown>>();
    for (const event of events) {
      const item = this.itemOf(event);
      items.set(`${item.pk}\n${item.sk}`, item);
    }
    await batchWriteAll(this.#documents, this.#table, [...items.values()], this.#batchWrite);
  }

  /** A page of a subject's events in version order, after the sort key `afterSk`. */
  public async history(subject: Subject, limit: number, afterSk?: string): Promise<HistoryPage> {
    const pk = subjectPk(subject);
    const { Items = [] } = await this.#documents.send(
      new QueryCommand({
        TableName: this.#table,
        KeyConditionExpression: afterSk
          ? 'pk = :pk AND sk > :after'
          : 'pk = :pk AND begins_with(sk, :events)',
        ExpressionAttributeValues: afterSk
          ? { ':pk': pk, ':after': afterSk }
          : { ':pk': pk, ':events': EVENT_SK_PREFIX },
        // One more than asked: whether a next page exists, without an empty last page.
        Limit: limit + 1,
      }),
    );
    const events = Items.filter((item) => String(item.sk).startsWith(EVENT_SK_PREFIX));
    const page = events.slice(0, limit);
    return {
      events: page.map((item) => item.event as StoredEvent),
      lastSk: events.length > limit ? String(page.at(-1)?.sk) : undefined,
    };
  }

  /** A subject's events with `after` < time ≤ `upTo` (normalised times; `after` undefined = from the start). */
  public async subjectEventsBetween(
    subject: Subject,
    after: string | undefined,
    upTo: string,
  ): Promise<StoredEvent[]> {
    const upper = `${upTo}${AFTER_INSTANT}`;
    const input: QueryCommandInput = {
      TableName: this.#table,
      IndexName: SUBJECT_TIME_INDEX,
      ConsistentRead: true,
      KeyConditionExpression: after
        ? 'pk = :pk AND atSk BETWEEN :lower AND :upper'
        : 'pk = :pk AND atSk <= :upper',
      ExpressionAttributeValues: {
        ':pk': subjectPk(subject),
        ':upper': upper,
        ...(after ? { ':lower': `${after}${AFTER_INSTANT}` } : {}),
      },
    };
    const events: StoredEvent[] = [];
    do {
      const page = await this.#documents.send(new QueryCommand(input));
      for (const item of page.Items ?? []) events.push(item.event as StoredEvent);
      input.ExclusiveStartKey = page.LastEvaluatedKey;
    } while (input.ExclusiveStartKey);
    return events;
  }

  /** The subject's head, read consistently; undefined before its first append. */
  public async head(subject: Subject): Promise<SubjectHead | undefined> {
    const { Item } = await this.#documents.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: subjectPk(subject), sk: HEAD_SK },
        ConsistentRead: true,
      }),
    );
    return Item
      ? { appends: Number(Item.appends ?? 0), latestSnapshotAt: Item.latestSnapshotAt as string | undefined }
      : undefined;
  }

  /** Counts one more append on the subject's head (after its events are stored) and returns the head. */
  public async countAppend(subject: Subject): Promise<SubjectHead> {
    const { Attributes = {} } = await this.#documents.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { pk: subjectPk(subject), sk: HEAD_SK },
        UpdateExpression: 'ADD appends :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return {
      appends: Number(Attributes.appends),
      latestSnapshotAt: Attributes.latestSnapshotAt as string | undefined,
    };
  }
}
