import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import { domainEvents } from '@kes/contracts';
import type { Envelope } from '@kes/envelope';
import { DynamoDbLocal, freePort, KinesisEmulator, readWholeStream } from '@kes/local-cloud';
import { EventStore } from '../../services/event-store/src/store/EventStore';
import { eventsTableDefinition } from '../../services/event-store/src/store/eventsTableDefinition';
import { JobStore, jobsTableDefinition, ReplayRunner, sourceFor } from '../../services/replay/src';
import { describeMachine, machineLine, reportBase } from '../lib/reports';

export const REPLAY_USAGE = `npm run bench -- replay [--events 100000] [--subjects 5000] [--hours 2] [--shards 2] [--share 1] [--batch 1000]

A replay from the event store's table (DynamoDB Local in memory, filled first with --events
PostClapsTotalChanged events over --subjects posts across --hours hour buckets, through the event store's own
writer) into a --shards stream behind AWS's shard limits (1,000 records/s and 1 MiB/s written per shard),
paced at --share of that limit. Reports records/s and MiB/s against the binding limit (target ≥ 90%),
throttled puts, and per-key order violations read back from the stream (target 0).
Writes reports/bench-replay-<time>.json.`;

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

export const benchReplay = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '100000' },
      subjects: { type: 'string', default: '5000' },
      hours: { type: 'string', default: '2' },
      shards: { type: 'string', default: '2' },
      share: { type: 'string', default: '1' },
      batch: { type: 'string', default: '1000' },
      'write-mode': { type: 'string', default: 'put-record' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${REPLAY_USAGE}\n`);
  const options = {
    events: Number(values.events),
    subjects: Number(values.subjects),
    hours: Number(values.hours),
    shards: Number(values.shards),
    share: Number(values.share),
    batch: Number(values.batch),
    writeMode: values['write-mode'] === 'put-records' ? ('put-records' as const) : ('put-record' as const),
  };
  const machine = describeMachine();

  process.stdout.write('▸ starting DynamoDB Local (-inMemory) and Kinesis with AWS shard limits\n');
  const dynamodb = await DynamoDbLocal.start({
    port: await freePort(),
    logFile: join(tmpdir(), `kes-bench-replay-dynamodb-${process.pid}.log`),
  });
  const kinesisEmulator = await KinesisEmulator.start({ port: 0 });
  const env = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
    AWS_ENDPOINT_URL_KINESIS: kinesisEmulator.endpoint,
  };
  try {
    const clients = createAwsClients(env, { kinesisMaxAttempts: 1 });
    const kinesis: KinesisClient = clients.kinesis;
    await clients.dynamodb.send(new CreateTableCommand(eventsTableDefinition('events')));
    await clients.dynamodb.send(new CreateTableCommand(jobsTableDefinition('jobs')));
    await kinesis.send(new CreateStreamCommand({ StreamName: 'replay', ShardCount: options.shards }));
    while (
      (await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: 'replay' })))
        .StreamDescriptionSummary?.StreamStatus !== 'ACTIVE'
    )
      await new Promise((resolve) => setTimeout(resolve, 50));

    // Per post, versions in time order (as its producer emits them); posts interleaved across the hours.
    const start = Date.parse('2026-03-01T10:00:00.000Z');
    const versions = new Map<number, number>();
    const events: Envelope[] = Array.from({ length: options.events }, (_, n) => {
      const subject = n % options.subjects;
      const version = (versions.get(subject) ?? 0) + 1;
      versions.set(subject, version);
      const occurredAt = new Date(
        start + Math.floor((n / options.events) * options.hours * 3_600_000),
      ).toISOString();
      const postId = `post-${subject}`;
      return domainEvents.create('PostClapsTotalChanged', {
        source: 'bench',
        subjectId: postId,
        version,
        occurredAt,
        correlationId: `bench-${n}`,
        data: { postId, total: version, clappers: 1, asOf: occurredAt },
      }) as Envelope;
    });
    process.stdout.write(`▸ filling the event store with ${options.events} events (not measured)\n`);
    const store = new EventStore(clients.documents, { table: 'events' });
    const fillStart = performance.now();
    for (let i = 0; i < events.length; i += 5_000) {
      await store.append(events.slice(i, i + 5_000));
      process.stdout.write(`    ${Math.min(i + 5_000, events.length)} stored\n`);
    }
    const fillSeconds = (performance.now() - fillStart) / 1000;

    const jobs = new JobStore(clients.documents, 'jobs');
    const job = await jobs.create(
      {
        source: 'event-store',
        from: new Date(start).toISOString(),
        to: new Date(start + options.hours * 3_600_000).toISOString(),
        rateShare: options.share,
      },
      'replay',
    );
    process.stdout.write(
      `▸ replaying into a ${options.shards}-shard stream at ${options.share * 100}% of its limit (${options.shards * 1000} records/s, ${options.shards} MiB/s)\n`,
    );
    const began = performance.now();
    let lastLine = began;
    const runner = new ReplayRunner({
      jobs,
      kinesis,
      sourceFor: sourceFor({ documents: clients.documents, s3: clients.s3, eventsTable: 'events' }),
      batchSize: options.batch,
      writeMode: options.writeMode,
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastLine < 2_000) return;
        lastLine = now;
        const seconds = (now - began) / 1000;
        process.stdout.write(
          `    ${seconds.toFixed(0).padStart(3)} s  sent ${progress.sent}  (${Math.round(progress.sent / seconds)}/s)\n`,
        );
      },
    });
    const done = await runner.run(job.jobId);
    const seconds = (performance.now() - began) / 1000;
    const recordsPerSecond = done.progress.sent / seconds;
    const mibPerSecond = done.progress.bytes / 2 ** 20 / seconds;
    const recordShare = recordsPerSecond / (options.shards * 1000);
    const byteShare = mibPerSecond / options.shards;
    const binding = recordShare >= byteShare ? 'records/s' : 'MiB/s';
    const ofLimit = Math.max(recordShare, byteShare);
    const throttled = kinesisEmulator.throttledCalls('PutRecord', 'replay');

    process.stdout.write('▸ reading the stream back\n');
    const read = await readWholeStream(kinesis, 'replay');
    const lastVersion = new Map<string, number>();
    let violations = 0;
    const ids = new Set<string>();
    for (const record of read) {
      const event = JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8')) as Envelope;
      ids.add(event.id);
      const previous = lastVersion.get(record.PartitionKey ?? '') ?? 0;
      // A writer retry after a lost acknowledgement repeats a record right after itself: not a violation.
      if (event.version < previous) violations++;
      lastVersion.set(record.PartitionKey ?? '', Math.max(previous, event.version));
    }
    const missing = options.events - ids.size;

    const report = {
      machine,
      date: new Date().toISOString(),
      options,
      fillSeconds: round(fillSeconds),
      seconds: round(seconds, 2),
      sent: done.progress.sent,
      bytes: done.progress.bytes,
      recordsPerSecond: round(recordsPerSecond),
      mibPerSecond: round(mibPerSecond, 3),
      limit: { recordsPerSecond: options.shards * 1000, mibPerSecond: options.shards },
      binding,
      ofBindingLimit: round(ofLimit * 100),
      readBack: read.length,
      duplicates: read.length - ids.size,
      missing,
      orderViolations: violations,
      throttled,
    };
    const file = `${reportBase(root, 'bench-replay')}.json`;
    writeFileSync(file, JSON.stringify(report, null, 2));
    process.stdout.write(
      `\nReplay of ${options.events} events into ${options.shards} shards at share ${options.share} (${machineLine(machine)})\n` +
        `  ${round(recordsPerSecond)} records/s, ${round(mibPerSecond, 3)} MiB/s in ${round(seconds, 1)} s\n` +
        `  binding limit: ${binding} → ${round(ofLimit * 100)}% of it (target ≥ 90%)\n` +
        `  read back ${read.length}, missing ${missing}, duplicates ${read.length - ids.size}, per-key order violations ${violations} (target 0)\n` +
        `  report: ${file}\n`,
    );
  } finally {
    await Promise.allSettled([kinesisEmulator.stop(), dynamodb.stop()]);
  }
};
