import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  CreateTableCommand,
  ScanCommand,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { domainEvents } from '@kes/contracts';
import type { KinesisItem } from '@kes/kinesis-consumer';
import { DynamoDbLocal, freePort } from '@kes/local-cloud';
import type { StoredEvent } from '../../services/event-store/src/domain/types';
import { eventsTableDefinition } from '../../services/event-store/src/store/eventsTableDefinition';
import { DynamoDbRequestCounter, type RequestTally } from './DynamoDbRequestCounter';
import { processTreeCpuSeconds } from './processCpuSeconds';

/**
 * Where DynamoDB Local keeps the table: `file` is its SQLite file on the disk as the local cloud and
 * startEmulators run it (WAL, synchronous=NORMAL); `file-fsync` the same with DynamoDB Local's own SQLite
 * settings (an fsync per item written: how it ran before decision 0027); `tmpfs` that fsync mode with the
 * file on /dev/shm (isolates what the disk costs); `memory` its -inMemory mode.
 */
export type Storage = 'file' | 'file-fsync' | 'tmpfs' | 'memory';

export interface EventStoreRunOptions {
  events: number;
  subjects: number;
  burstMs: number;
  shards: number;
  batch: number;
  invocations: number;
  snapshotEvery: number;
  /** Events stored first into a scratch table, unmeasured, so the JVM's JIT is warm when the run starts. */
  warmup: number;
}

export interface EventStoreRunResult {
  storage: Storage;
  eventsPerSecond: number;
  seconds: number;
  storedEventItems: number;
  requestsPerEvent: number;
  itemsWrittenPerEvent: number;
  keysReadPerEvent: number;
  /** Summed request latency over wall time: how many requests the client kept DynamoDB Local busy with. */
  meanRequestsInFlight: number;
  byOperation: Record<string, RequestTally>;
  cpuMsPerEvent: { bench: number; dynamoDbLocal: number };
  timeIndexPartitions: number;
  hottestPartitionShare: number;
  meanPartitionShare: number;
  hottestOverMean: number;
  perPartition: Record<string, number>;
  samples: Array<{ x: number; y: number; series: string }>;
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

const dataDirOf = (storage: Storage): string | undefined => {
  if (storage === 'memory') return undefined;
  const base = storage === 'tmpfs' ? '/dev/shm' : tmpdir();
  return mkdtempSync(join(base, 'kes-bench-event-store-'));
};

/** The burst: every event within burstMs of one instant; per post, versions in order (as a producer emits). */
const burst = (options: EventStoreRunOptions) => {
  const start = Date.parse('2026-03-01T10:15:00.000Z');
  const versions = new Map<number, number>();
  return Array.from({ length: options.events }, (_, n) => {
    const subject = n % options.subjects;
    const version = (versions.get(subject) ?? 0) + 1;
    versions.set(subject, version);
    const occurredAt = new Date(start + Math.floor((n / options.events) * options.burstMs)).toISOString();
    const postId = `post-${subject}`;
    const event = domainEvents.create('PostClapsTotalChanged', {
      source: 'bench',
      subjectId: postId,
      version,
      occurredAt,
      correlationId: `bench-${n}`,
      data: { postId, total: version, clappers: 1, asOf: occurredAt },
    });
    return { partitionKey: postId, data: Buffer.from(domainEvents.encode(event)).toString('base64') };
  });
};

type BurstRecord = ReturnType<typeof burst>[number];
type IngestKey = (items: KinesisItem<StoredEvent>[]) => Promise<unknown>;

/**
 * What the storeEvents handler does, `invocations` batches at once: decode every record of a batch with
 * the registry, group by partition key, ingest `keyConcurrency` keys at a time.
 */
const feed = async (
  records: BurstRecord[],
  ingestKey: IngestKey,
  options: EventStoreRunOptions,
  keyConcurrency: number,
  onStored: (count: number) => void,
): Promise<void> => {
  const batches: BurstRecord[][] = [];
  for (let i = 0; i < records.length; i += options.batch) batches.push(records.slice(i, i + options.batch));
  const handle = async (batch: BurstRecord[]) => {
    const byKey = new Map<string, KinesisItem<StoredEvent>[]>();
    for (const record of batch) {
      const decoded = domainEvents.decode(Buffer.from(record.data, 'base64'));
      if (!decoded.ok) throw decoded.error;
      const items = byKey.get(record.partitionKey) ?? [];
      items.push({ event: decoded.event, meta: {} as KinesisItem<StoredEvent>['meta'] });
      byKey.set(record.partitionKey, items);
    }
    const keys = [...byKey.values()];
    let nextKey = 0;
    await Promise.all(
      Array.from({ length: keyConcurrency }, async () => {
        while (nextKey < keys.length) {
          const items = keys[nextKey++];
          if (!items) continue;
          await ingestKey(items);
          onStored(items.length);
        }
      }),
    );
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: options.invocations }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        if (batch) await handle(batch);
      }
    }),
  );
};

/** Counts the time index's entries per partition key, and the stored event items. */
const countTable = async (clients: AwsClients, table: string) => {
  const perPartition = new Map<string, number>();
  let from: Record<string, AttributeValue> | undefined;
  do {
    const page: ScanCommandOutput = await clients.dynamodb.send(
      new ScanCommand({
        TableName: table,
        IndexName: 'byTime',
        ProjectionExpression: 'tpk',
        ExclusiveStartKey: from,
      }),
    );
    for (const item of page.Items ?? [])
      perPartition.set(item.tpk?.S ?? '', (perPartition.get(item.tpk?.S ?? '') ?? 0) + 1);
    from = page.LastEvaluatedKey;
  } while (from);
  let storedItems = 0;
  do {
    const page: ScanCommandOutput = await clients.dynamodb.send(
      new ScanCommand({
        TableName: table,
        Select: 'COUNT',
        FilterExpression: 'begins_with(sk, :e)',
        ExpressionAttributeValues: { ':e': { S: 'e#' } },
        ExclusiveStartKey: from,
      }),
    );
    storedItems += page.Count ?? 0;
    from = page.LastEvaluatedKey;
  } while (from);
  return { perPartition, storedItems };
};

/**
 * One run of the event-store benchmark against a fresh DynamoDB Local with `storage`: the burst, handed
 * to the storeEvents handler's own code (registry decode, per-key ingest with STORE_KEY_CONCURRENCY keys
 * at once, snapshot bookkeeping) as Kinesis-sized batches, `invocations` at once (as many shards). Middy is
 * left out (ESM-only, which tsx cannot require); through Kinesis the figure would mostly measure
 * kinesalite and the mappings.
 */
export const runEventStoreBench = async (
  storage: Storage,
  options: EventStoreRunOptions,
  log: (line: string) => void,
): Promise<EventStoreRunResult> => {
  const dataDir = dataDirOf(storage);
  const dynamodb = await DynamoDbLocal.start({
    port: await freePort(),
    ...(dataDir ? { dataDir } : {}),
    durableCommits: storage !== 'file',
    logFile: join(tmpdir(), `kes-bench-dynamodb-${process.pid}.log`),
    onNotice: (message) => log(`  note: ${message}`),
  });
  const clients = createAwsClients({
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
  });
  try {
    const table = 'bench-events';
    await clients.dynamodb.send(new CreateTableCommand(eventsTableDefinition(table)));
    await clients.dynamodb.send(new CreateTableCommand(eventsTableDefinition(`${table}-warmup`)));
    const { ingest, STORE_KEY_CONCURRENCY } = await import(
      '../../services/event-store/src/functions/storeEvents/ingest'
    );
    const { EventStore } = await import('../../services/event-store/src/store/EventStore');
    const { EntityStates } = await import('../../services/event-store/src/store/EntityStates');
    const { SnapshotStore } = await import('../../services/event-store/src/store/SnapshotStore');
    const ingestInto = (tableName: string) => {
      const store = new EventStore(clients.documents, { table: tableName, timeShards: options.shards });
      const states = new EntityStates(store, new SnapshotStore(clients.documents, tableName), {
        snapshotEvery: options.snapshotEvery,
      });
      return ingest({
        store,
        states,
        consumer: 'bench',
        deadLetter: {
          send: async () => {
            throw new Error('no record of the benchmark should be dead-lettered');
          },
        },
      });
    };
    if (options.warmup > 0) {
      log(`  ${storage}: warming up with ${options.warmup} events into a scratch table (not measured)`);
      await feed(
        burst({ ...options, events: options.warmup }),
        ingestInto(`${table}-warmup`),
        options,
        STORE_KEY_CONCURRENCY,
        () => undefined,
      );
    }
    const ingestKey = ingestInto(table);
    const records = burst(options);
    let stored = 0;

    const counter = DynamoDbRequestCounter.attach(clients.dynamodb);
    const samples: EventStoreRunResult['samples'] = [];
    const cpuBefore = { bench: process.cpuUsage(), dynamoDbLocal: processTreeCpuSeconds(dynamodb.pid) };
    const began = performance.now();
    let last = { at: began, stored: 0 };
    const progress = setInterval(() => {
      const now = performance.now();
      const rate = ((stored - last.stored) * 1000) / (now - last.at);
      samples.push({ x: round((now - began) / 1000), y: round(rate), series: storage });
      last = { at: now, stored };
      log(
        `    ${storage.padEnd(6)} ${((now - began) / 1000).toFixed(0).padStart(3)} s  stored ${stored}  (${rate.toFixed(0)}/s)`,
      );
    }, 2_000);
    try {
      await feed(records, ingestKey, options, STORE_KEY_CONCURRENCY, (count) => {
        stored += count;
      });
    } finally {
      clearInterval(progress);
    }
    const seconds = (performance.now() - began) / 1000;
    const benchCpu = process.cpuUsage(cpuBefore.bench);
    const dynamoCpu = processTreeCpuSeconds(dynamodb.pid) - cpuBefore.dynamoDbLocal;
    const total = counter.total();
    const byOperation = counter.tallies();

    log(`  ${storage}: counting the time index’s partitions`);
    const { perPartition, storedItems } = await countTable(clients, table);
    const indexed = [...perPartition.values()].reduce((a, b) => a + b, 0);
    const hottestShare = Math.max(...perPartition.values()) / indexed;
    const meanShare = 1 / perPartition.size;
    return {
      storage,
      eventsPerSecond: round(options.events / seconds),
      seconds: round(seconds, 2),
      storedEventItems: storedItems,
      requestsPerEvent: round(total.requests / options.events, 3),
      itemsWrittenPerEvent: round(total.itemsWritten / options.events, 3),
      keysReadPerEvent: round(total.keysRead / options.events, 3),
      meanRequestsInFlight: round(total.latencyMs / (seconds * 1000), 2),
      byOperation,
      cpuMsPerEvent: {
        bench: round((benchCpu.user + benchCpu.system) / 1000 / options.events, 3),
        dynamoDbLocal: round((dynamoCpu * 1000) / options.events, 3),
      },
      timeIndexPartitions: perPartition.size,
      hottestPartitionShare: round(hottestShare * 100, 2),
      meanPartitionShare: round(meanShare * 100, 2),
      hottestOverMean: round(hottestShare / meanShare, 3),
      perPartition: Object.fromEntries([...perPartition.entries()].sort()),
      samples,
    };
  } finally {
    clients.dynamodb.destroy();
    await dynamodb.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
};
