import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeLineChart } from '../feed/chart';
import { type EventStoreRunResult, runEventStoreBench, type Storage } from './eventStoreRun';

export const EVENT_STORE_USAGE = `npm run bench -- event-store [--storage file,file-fsync,tmpfs,memory] [--events 20000] [--subjects 2000] [--burst-ms 2000] [--shards 8] [--batch 500] [--invocations 4] [--snapshot-every 100]

Ingestion into the event store under a time-clustered burst: --events PostClapsTotalChanged events over
--subjects posts, all with occurredAt within --burst-ms of one instant, fed to the storeEvents handler's code
(registry decode, per-key ingest, snapshot bookkeeping) as Kinesis batches of --batch records,
--invocations at once (as many stream shards), against a fresh DynamoDB Local per storage mode, in the
order given: file = its SQLite file on the disk as the local cloud runs it (WAL, synchronous=NORMAL),
file-fsync = the same with DynamoDB Local's own SQLite settings (an fsync per item: slow, not in the
default list), tmpfs = that fsync mode on /dev/shm (what the disk costs), memory = -inMemory. Each run first stores --warmup events into a
scratch table, unmeasured, so that DynamoDB Local's JIT is warm.
Reports per mode: events/s stored (target ≥ 1,000), DynamoDB requests, items written and keys read per
event, CPU ms per event of this process and of DynamoDB Local's JVM, the mean requests in flight, and the
share of the time index's writes on its hottest partition key against the mean share (target ≤ 1.5×; the
unsharded hour key would be ${'`'}--shards${'`'}×). Writes reports/bench-event-store-<time>.json and .svg.`;

const STORAGES: readonly Storage[] = ['file', 'file-fsync', 'tmpfs', 'memory'];
const DEFAULT_STORAGES = 'file,tmpfs,memory';

const storagesOf = (value: string): Storage[] => {
  const storages = value.split(',').map((name) => name.trim());
  for (const name of storages)
    if (!STORAGES.includes(name as Storage))
      throw new Error(`--storage takes a list of ${STORAGES.join(', ')}; got "${name}"`);
  return storages as Storage[];
};

const row = (label: string, cells: Array<string | number>) =>
  `  ${label.padEnd(30)}${cells.map((cell) => String(cell).padStart(14)).join('')}`;

const summary = (results: EventStoreRunResult[]): string => {
  const lines = [
    row(
      '',
      results.map((result) => result.storage),
    ),
    row(
      'events stored/s (≥ 1,000)',
      results.map((result) => result.eventsPerSecond),
    ),
    row(
      'seconds',
      results.map((result) => result.seconds),
    ),
    row(
      'event items stored',
      results.map((result) => result.storedEventItems),
    ),
    row(
      'requests / event',
      results.map((result) => result.requestsPerEvent),
    ),
    row(
      'items written / event',
      results.map((result) => result.itemsWrittenPerEvent),
    ),
    row(
      'keys read / event',
      results.map((result) => result.keysReadPerEvent),
    ),
    row(
      'mean requests in flight',
      results.map((result) => result.meanRequestsInFlight),
    ),
    row(
      'CPU ms / event, bench',
      results.map((result) => result.cpuMsPerEvent.bench),
    ),
    row(
      'CPU ms / event, DynamoDB L.',
      results.map((result) => result.cpuMsPerEvent.dynamoDbLocal),
    ),
    row(
      'hottest key / mean (≤ 1.5×)',
      results.map((result) => `${result.hottestOverMean}×`),
    ),
  ];
  const operations = [...new Set(results.flatMap((result) => Object.keys(result.byOperation)))];
  for (const operation of operations)
    lines.push(
      row(
        `  ${operation} (req/items/keys)`,
        results.map((result) => {
          const tally = result.byOperation[operation];
          return tally ? `${tally.requests}/${tally.itemsWritten}/${tally.keysRead}` : '–';
        }),
      ),
    );
  return lines.join('\n');
};

export const benchEventStore = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      storage: { type: 'string', default: DEFAULT_STORAGES },
      events: { type: 'string', default: '20000' },
      subjects: { type: 'string', default: '2000' },
      'burst-ms': { type: 'string', default: '2000' },
      shards: { type: 'string', default: '8' },
      batch: { type: 'string', default: '500' },
      invocations: { type: 'string', default: '4' },
      'snapshot-every': { type: 'string', default: '100' },
      warmup: { type: 'string', default: '2000' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${EVENT_STORE_USAGE}\n`);
    return;
  }
  const storages = storagesOf(values.storage);
  const options = {
    events: Number(values.events),
    subjects: Number(values.subjects),
    burstMs: Number(values['burst-ms']),
    shards: Number(values.shards),
    batch: Number(values.batch),
    invocations: Number(values.invocations),
    snapshotEvery: Number(values['snapshot-every']),
    warmup: Number(values.warmup),
  };
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(
    `▸ ${options.events} events over ${options.subjects} posts within ${options.burstMs} ms, batches of ${options.batch}, ${options.invocations} invocations at once, ${options.shards} time-index shards; storage: ${storages.join(', ')}`,
  );
  const results: EventStoreRunResult[] = [];
  for (const storage of storages) {
    log(`▸ ${storage}: starting DynamoDB Local`);
    const result = await runEventStoreBench(storage, options, log);
    log(
      `  ${storage}: ${result.eventsPerSecond} events/s, ${result.requestsPerEvent} requests and ${result.itemsWrittenPerEvent} items written per event`,
    );
    results.push(result);
  }

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
  const samples = results.flatMap((result) => result.samples);
  writeFileSync(
    path,
    JSON.stringify(
      {
        benchmark: 'event-store',
        at: new Date().toISOString(),
        machine,
        options,
        results: results.map(({ samples: _, ...result }) => result),
        samples,
      },
      null,
      2,
    ),
  );
  await writeLineChart(
    path.replace(/\.json$/, '.svg'),
    'Event store ingestion, time-clustered burst, by DynamoDB Local storage',
    'seconds',
    'events stored/s',
    samples,
  );
  log(`
event-store benchmark (${machine.cpus} × ${machine.cpuModel}, ${machine.node})
${summary(results)}
  time-index partitions         ${results.map((result) => Object.values(result.perPartition).join(', ')).join(' | ')}
  report                        ${path} (+ .svg)`);
};
