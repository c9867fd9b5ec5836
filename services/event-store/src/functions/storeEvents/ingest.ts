import type { Subject } from '@kes/envelope';
import type { DeadLetter, DeadLetterDestination, HandleKeyResult, KinesisItem } from '@kes/kinesis-consumer';
import type { StoredEvent } from '../../domain/types';
import type { EntityStates } from '../../store/EntityStates';
import type { EventStore } from '../../store/EventStore';

/**
 * Partition keys ingested at once. High, because a burst over many entities gives each key one or two
 * events: their appends coalesce into shared BatchWriteItem calls (EventStore) only if they run together.
 */
export const STORE_KEY_CONCURRENCY = 64;

/** DynamoDB's item limit is 400 KB; keys, index keys and attribute names take the rest. */
export const MAX_EVENT_BYTES = 380_000;

export interface IngestDeps {
  store: Pick<EventStore, 'append'>;
  states: Pick<EntityStates, 'afterAppend'>;
  deadLetter: DeadLetterDestination;
  consumer: string;
  now?: () => Date;
}

const tooLarge = (
  item: KinesisItem<StoredEvent>,
  bytes: number,
  consumer: string,
  now: Date,
): DeadLetter => ({
  formatVersion: 1,
  consumer,
  deadLetteredAt: now.toISOString(),
  reason: {
    code: 'EventTooLargeForStore',
    message: `The event is ${bytes} bytes as JSON; a DynamoDB item holds at most 400 KB (${MAX_EVENT_BYTES} for the event)`,
    issues: [],
    eventType: item.event.type,
  },
  record: {
    source: 'aws:kinesis',
    eventSourceArn: item.meta.eventSourceArn,
    eventId: item.meta.eventId,
    shardOrStream: item.meta.shardOrStream,
    partitionKey: item.meta.partitionKey,
    sequenceNumber: item.meta.sequenceNumber,
    approximateArrivalTime: item.meta.approximateArrivalTime.toISOString(),
    data: Buffer.from(JSON.stringify(item.event)).toString('base64'),
  },
});

/**
 * Stores one partition key's events from a batch: each event once (idempotent by key), then per subject
 * the snapshot bookkeeping. An event too large for a DynamoDB item is dead-lettered with the reason
 * instead of blocking the shard. Any other failure throws, so the key's records come again — harmless,
 * every step is idempotent.
 */
export const ingest =
  (deps: IngestDeps) =>
  async (items: KinesisItem<StoredEvent>[]): Promise<HandleKeyResult> => {
    const now = deps.now ?? (() => new Date());
    const storable: StoredEvent[] = [];
    for (const item of items) {
      const bytes = Buffer.byteLength(JSON.stringify(item.event));
      if (bytes > MAX_EVENT_BYTES) await deps.deadLetter.send(tooLarge(item, bytes, deps.consumer, now()));
      else storable.push(item.event);
    }
    await deps.store.append(storable);
    const bySubject = new Map<string, { subject: Subject; events: StoredEvent[] }>();
    for (const event of storable) {
      const key = `${event.subject.type}#${event.subject.id}`;
      const entry = bySubject.get(key) ?? { subject: event.subject, events: [] };
      entry.events.push(event);
      bySubject.set(key, entry);
    }
    for (const { subject, events } of bySubject.values()) await deps.states.afterAppend(subject, events);
    return { skipped: items.length - storable.length };
  };
