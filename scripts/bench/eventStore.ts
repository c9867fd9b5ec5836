import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type AttributeValue, CreateTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { createAwsClients } from '@kes/aws-clients';
import { domainEvents } from '@kes/contracts';
import { DynamoDbLocal, freePort, startEmulators } from '@kes/local-cloud';
import type { Context, KinesisStreamEvent } from 'aws-lambda';
import { eventsTableDefinition } from '../../services/event-store/src/store/eventsTableDefinition';
import { writeLineChart } from '../feed/chart';

export const EVENT_STORE_USAGE = `npm run bench -- event-store [--events 20000] [--subjects 2000] [--burst-ms 2000] [--shards 8] [--batch 500] [--invocations 4] [--snapshot-every 100]

Ingestion into the event store under a time-clustered burst: --events PostClapsTotalChanged events over
--subjects posts, all with occurredAt within --burst-ms of one instant, fed to the storeEvents handler's code
(registry decode, per-key ingest: BatchWriteItem with UnprocessedItems retries, snapshot bookkeeping) as Kinesis batches of --batch
records, --invocations at once (as many stream shards), against DynamoDB Local: --storage file (default) is startEmulators' SQLite file, memory its -inMemory mode.
Reports events/s stored (target ≥ 1,000) and the share of the time index's writes on its hottest partition
key against the mean share over its partitions (target ≤ 1.5×; the unsharded hour key would be ${'`'}--shards${'`'}×).
Writes reports/bench-event-store-<time>.json and .svg.`;

type Handler = (event: KinesisStreamEvent, context: Context) => Promise<{ batchItemFailures: unknown[] }>;

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export const benchEventStore = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '20000' },
      subjects: { type: 'string', default: '2000' },
      'burst-ms': { type: 'string', default: '2000' },
      shards: { type: 'string', default: '8' },
      batch: { type: 'string', default: '500' },
      invocations: { type: 'string', default: '4' },
      'snapshot-every': { type: 'string', default: '100' },
      storage: { type: 'string', default: 'file' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${EVENT_STORE_USAGE}\n`);
    return;
  }
  const options = {
    events: Number(values.events),
    subjects: Number(values.subjects),
    burstMs: Number(values['burst-ms']),
    shards: Number(values.shards),
    batch: Number(values.batch),
    invocations: Number(values.invocations),
    snapshotEvery: Number(values['snapshot-every']),
    storage: values.storage === 'memory' ? ('memory' as const) : ('file' as const),
  };

  process.stdout.write(
    `▸ starting DynamoDB Local (${options.storage === 'memory' ? '-inMemory' : 'SQLite file, as startEmulators'})\n`,
  );
  // `file` is what startEmulators gives the integration tests; `memory` is DynamoDB Local's -inMemory
  // mode, whose SQLite does not touch the disk (closer to how the service behaves, not the emulator).
  const emulators =
    options.storage === 'memory'
      ? await (async () => {
          const dynamodb = await DynamoDbLocal.start({
            port: await freePort(),
            logFile: join(tmpdir(), `kes-bench-dynamodb-${process.pid}.log`),
          });
          return {
            env: {
              AWS_REGION: 'us-east-1',
              AWS_ACCESS_KEY_ID: 'bench',
              AWS_SECRET_ACCESS_KEY: 'bench',
              AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
            },
            stop: () => dynamodb.stop(),
          };
        })()
      : await startEmulators({ dynamodb: true });
  const clients = createAwsClients(emulators.env);
  const table = 'bench-events';
  await clients.dynamodb.send(new CreateTableCommand(eventsTableDefinition(table)));
  // The handler's own code path minus Middy (ESM-only, which tsx cannot require): decode every record
  // with the registry, group by partition key, ingest STORE_KEY_CONCURRENCY keys at a time as the handler does.
  const { ingest, STORE_KEY_CONCURRENCY } = await import(
    '../../services/event-store/src/functions/storeEvents/ingest'
  );
  const { EventStore } = await import('../../services/event-store/src/store/EventStore');
  const { EntityStates } = await import('../../services/event-store/src/store/EntityStates');
  const { SnapshotStore } = await import('../../services/event-store/src/store/SnapshotStore');
  const store = new EventStore(clients.documents, { table, timeShards: options.shards });
  const states = new EntityStates(store, new SnapshotStore(clients.documents, table), {
    snapshotEvery: options.snapshotEvery,
  });
  const ingestKey = ingest({
    store,
    states,
    consumer: 'bench',
    deadLetter: {
      send: async () => {
        throw new Error('no record of the benchmark should be dead-lettered');
      },
    },
  });
  const handler: Handler = async (batch) => {
    const byKey = new Map<string, Parameters<typeof ingestKey>[0]>();
    for (const record of batch.Records) {
      const decoded = domainEvents.decode(Buffer.from(record.kinesis.data, 'base64'));
      if (!decoded.ok) throw decoded.error;
      const items = byKey.get(record.kinesis.partitionKey) ?? [];
      items.push({ event: decoded.event, meta: {} as (typeof items)[number]['meta'] });
      byKey.set(record.kinesis.partitionKey, items);
    }
    const keys = [...byKey.values()];
    let nextKey = 0;
    await Promise.all(
      Array.from({ length: STORE_KEY_CONCURRENCY }, async () => {
        while (nextKey < keys.length) {
          const items = keys[nextKey++];
          if (items) await ingestKey(items);
        }
      }),
    );
    return { batchItemFailures: [] };
  };

  // The burst: every event within burstMs of one instant; per post, versions in order (as a producer emits).
  const start = Date.parse('2026-03-01T10:15:00.000Z');
  const versions = new Map<number, number>();
  const records = Array.from({ length: options.events }, (_, n) => {
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
  const batches: KinesisStreamEvent[] = [];
  for (let i = 0; i < records.length; i += options.batch) {
    batches.push({
      Records: records.slice(i, i + options.batch).map((record, k) => {
        const sequenceNumber = String(i + k + 1).padStart(56, '0');
        return {
          awsRegion: 'us-east-1',
          eventID: `shardId-000000000000:${sequenceNumber}`,
          eventName: 'aws:kinesis:record',
          eventSource: 'aws:kinesis',
          eventSourceARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/bench',
          eventVersion: '1.0',
          invokeIdentityArn: 'arn:aws:iam::000000000000:role/bench',
          kinesis: {
            approximateArrivalTimestamp: start / 1000,
            data: record.data,
            kinesisSchemaVersion: '1.0',
            partitionKey: record.partitionKey,
            sequenceNumber,
          },
        };
      }),
    });
  }

  process.stdout.write(
    `▸ ${options.events} events over ${options.subjects} posts within ${options.burstMs} ms, ${batches.length} batches of ${options.batch}, ${options.invocations} invocations at once, ${options.shards} time-index shards\n`,
  );
  const context = { awsRequestId: 'bench', functionName: 'storeEvents' } as unknown as Context;
  let stored = 0;
  let failures = 0;
  const samples: Array<{ x: number; y: number; series: string }> = [];
  const began = performance.now();
  let lastSample = { at: began, stored: 0 };
  const progress = setInterval(() => {
    const now = performance.now();
    const rate = ((stored - lastSample.stored) * 1000) / (now - lastSample.at);
    samples.push({ x: round((now - began) / 1000), y: round(rate), series: 'events stored/s' });
    lastSample = { at: now, stored };
    process.stdout.write(
      `    ${((now - began) / 1000).toFixed(0).padStart(3)} s  stored ${stored}  (${rate.toFixed(0)}/s)\n`,
    );
  }, 2_000);
  let next = 0;
  await Promise.all(
    Array.from({ length: options.invocations }, async () => {
      while (next < batches.length) {
        const batch = batches[next++];
        if (!batch) break;
        const response = await handler(batch, context);
        failures += response.batchItemFailures.length;
        stored += batch.Records.length;
      }
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  clearInterval(progress);

  process.stdout.write('▸ counting the time index’s partitions\n');
  const perPartition = new Map<string, number>();
  let start_: Record<string, AttributeValue> | undefined;
  do {
    const page = await clients.dynamodb.send(
      new ScanCommand({
        TableName: table,
        IndexName: 'byTime',
        ProjectionExpression: 'tpk',
        ExclusiveStartKey: start_,
      }),
    );
    for (const item of page.Items ?? [])
      perPartition.set(item.tpk?.S ?? '', (perPartition.get(item.tpk?.S ?? '') ?? 0) + 1);
    start_ = page.LastEvaluatedKey;
  } while (start_);
  const indexed = [...perPartition.values()].reduce((a, b) => a + b, 0);
  const hottest = Math.max(...perPartition.values());
  const meanShare = 1 / perPartition.size;
  const hottestShare = hottest / indexed;
  let storedItems = 0;
  let countFrom: Record<string, AttributeValue> | undefined;
  do {
    const page = await clients.dynamodb.send(
      new ScanCommand({
        TableName: table,
        Select: 'COUNT',
        FilterExpression: 'begins_with(sk, :e)',
        ExpressionAttributeValues: { ':e': { S: 'e#' } },
        ExclusiveStartKey: countFrom,
      }),
    );
    storedItems += page.Count ?? 0;
    countFrom = page.LastEvaluatedKey;
  } while (countFrom);
  clients.dynamodb.destroy();
  await emulators.stop();

  const results = {
    eventsPerSecond: round(options.events / seconds),
    seconds: round(seconds, 2),
    storedEventItems: storedItems,
    batchItemFailures: failures,
    timeIndexPartitions: perPartition.size,
    hottestPartitionShare: round(hottestShare * 100, 2),
    meanPartitionShare: round(meanShare * 100, 2),
    hottestOverMean: round(hottestShare / meanShare, 3),
    unshardedHottestOverMean: 'all writes of the hour on one key: 100% share',
    perPartition: Object.fromEntries([...perPartition.entries()].sort()),
  };
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  mkdirSync(join(root, 'reports'), { recursive: true });
  const path = join(
    root,
    'reports',
    `bench-event-store-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(
    path,
    JSON.stringify(
      { benchmark: 'event-store', at: new Date().toISOString(), machine, options, results, samples },
      null,
      2,
    ),
  );
  await writeLineChart(
    path.replace(/\.json$/, '.svg'),
    'Event store ingestion, time-clustered burst',
    'seconds',
    'events stored/s',
    samples,
  );
  process.stdout.write(`
event-store benchmark (${machine.cpus} × ${machine.cpuModel}, ${machine.node})
  events stored             ${storedItems}/${options.events} in ${results.seconds} s, ${failures} batch item failures
  ingestion                 ${results.eventsPerSecond} events/s          (target ≥ 1,000)
  time-index partitions     ${perPartition.size} (${[...perPartition.values()].join(', ')})
  hottest partition share   ${results.hottestPartitionShare}% vs mean ${results.meanPartitionShare}% = ${results.hottestOverMean}× (target ≤ 1.5×; unsharded: 100% on one key)
  report                    ${path} (+ .svg)
`);
};
