import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Subject } from '@kes/envelope';
import type { StoredEvent } from '../domain/types';
import type { BatchWriteAllOptions } from './batchWriteAll';
import {
  AFTER_INSTANT,
  EVENT_SK_PREFIX,
  eventSk,
  HEAD_SK,
  hourBucket,
  normalizeTime,
  SNAPSHOTS_IN_FLIGHT,
  subjectPk,
  TOUCH_SK,
  timePk,
  timeSk,
  writeShard,
} from './keys';
import { ReadCoalescer } from './ReadCoalescer';
import { WriteCoalescer } from './WriteCoalescer';

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

/** The subject's head: its newest snapshot time and how many snapshots are being computed (announced). */
export interface SubjectHead {
  latestSnapshotAt: string | undefined;
  snapshotsInFlight: number;
}

/** What a snapshot is computed against: the subject's touch token and its newest snapshot time. */
export interface SnapshotGuard {
  token: string | undefined;
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
  readonly #writer: WriteCoalescer;
  readonly #reader: ReadCoalescer;

  public constructor(documents: DynamoDBDocumentClient, options: EventStoreOptions) {
    const { table, timeShards = DEFAULT_TIME_SHARDS, batchWrite = {} } = options;
    if (!Number.isInteger(timeShards) || timeShards < 1 || timeShards > 1000) {
      throw new RangeError(`timeShards must be an integer from 1 to 1000, got ${timeShards}`);
    }
    this.#documents = documents;
    this.#table = table;
    this.#timeShards = timeShards;
    this.#writer = new WriteCoalescer(documents, table, { concurrency: 8, ...batchWrite });
    this.#reader = new ReadCoalescer(documents, table);
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
   * Appends made in the same tick (concurrent partition keys) share BatchWriteItem calls.
   */
  public async append(events: StoredEvent[]): Promise<void> {
    await this.#writer.write(
      events.map((event) => {
        const item = this.itemOf(event);
        return { key: `${item.pk}\n${item.sk}`, item };
      }),
    );
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

  /**
   * Replaces the touch token of each subject — after its events are stored, so that a snapshot computed
   * meanwhile notices (SnapshotStore.putIfUnchanged). Only needed while a snapshot of the subject is in
   * flight (EntityStates.afterAppend). Coalesced into shared BatchWriteItem calls.
   */
  public async touch(subjects: Subject[]): Promise<void> {
    await this.#writer.write(
      subjects.map((subject) => {
        const pk = subjectPk(subject);
        return { key: `${pk}\n${TOUCH_SK}`, item: { pk, sk: TOUCH_SK, token: randomUUID() } };
      }),
    );
  }

  /** What a snapshot must see unchanged: the touch token and the latest snapshot time (consistent reads). */
  public async snapshotGuard(subject: Subject): Promise<SnapshotGuard> {
    const pk = subjectPk(subject);
    const [touch, head] = await Promise.all([
      this.#reader.get({ pk, sk: TOUCH_SK }),
      this.#reader.get({ pk, sk: HEAD_SK }),
    ]);
    return {
      token: touch?.token as string | undefined,
      latestSnapshotAt: head?.latestSnapshotAt as string | undefined,
    };
  }

  /** The subject's head, read consistently; coalesced into shared BatchGetItem calls. */
  public async head(subject: Subject): Promise<SubjectHead> {
    const head = await this.#reader.get({ pk: subjectPk(subject), sk: HEAD_SK });
    const inFlight = head?.[SNAPSHOTS_IN_FLIGHT] as Set<string> | undefined;
    return {
      latestSnapshotAt: head?.latestSnapshotAt as string | undefined,
      snapshotsInFlight: inFlight?.size ?? 0,
    };
  }
}
