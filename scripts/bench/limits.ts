import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { createAwsClients } from '@kes/aws-clients';
import { AWS_KINESIS_LIMITS, KinesisEmulator, type KinesisLimits } from '@kes/local-cloud';
import { evenShardRanges } from '@kes/partition-keys';

export const LIMITS_USAGE = `npm run bench -- limits [--shards 2] [--load 0.7] [--record-bytes 1024] [--duration 20] [--readers 2] [--rounds 1]

Measures what AWS's Kinesis shard limits cost the local Kinesis endpoint, ON and OFF in the same run:
  1. paced: --shards shards written with PutRecords at --load × the write limit (records/s and bytes/s),
     each shard read by --readers consumers (GetRecords every 1/(2 × readers) s… under 5 calls/s);
  2. saturated: the same writers unpaced (as fast as the emulator answers), limits ON but raised 1,000×
     so nothing is throttled: the bookkeeping's own cost at full speed.
Emulator and clients share this one process: keep --shards small so that the paced runs are not
CPU-bound, or the comparison measures the event loop, not the model.
Reports records/s written and read, CPU ms per 1,000 records (this process: emulator and clients),
PutRecords/GetRecords p50/p99 and throttles, and ON as a % of OFF. Writes reports/bench-limits-<time>.json.`;

interface RunFigures {
  scenario: 'paced' | 'saturated';
  limits: 'on' | 'off';
  seconds: number;
  recordsWritten: number;
  recordsRead: number;
  writtenPerSecond: number;
  readPerSecond: number;
  cpuMsPer1kRecords: number;
  putRecordsP50Ms: number;
  putRecordsP99Ms: number;
  getRecordsP50Ms: number;
  getRecordsP99Ms: number;
  throttledWriteRecords: number;
  throttledReads: number;
}

interface Options {
  shards: number;
  load: number;
  recordBytes: number;
  durationS: number;
  readers: number;
}

const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

const runOnce = async (
  scenario: 'paced' | 'saturated',
  limitsOn: boolean,
  options: Options,
): Promise<RunFigures> => {
  const limits: boolean | Partial<KinesisLimits> = !limitsOn
    ? false
    : scenario === 'paced'
      ? true
      : Object.fromEntries(Object.entries(AWS_KINESIS_LIMITS).map(([key, value]) => [key, value * 1000]));
  const emulator = await KinesisEmulator.start({ port: 0, limits });
  const { kinesis } = createAwsClients(
    {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_ENDPOINT_URL_KINESIS: emulator.endpoint,
    },
    { kinesisMaxAttempts: 1 },
  );
  const stream = 'bench-limits';
  await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: options.shards }));
  const shards = evenShardRanges(options.shards);
  const ratePerShard =
    options.load *
    Math.min(
      AWS_KINESIS_LIMITS.writeRecordsPerSecond,
      AWS_KINESIS_LIMITS.writeBytesPerSecond / (options.recordBytes + 16),
    );
  const putLatencies: number[] = [];
  const getLatencies: number[] = [];
  let written = 0;
  let read = 0;
  let throttledWrites = 0;
  let throttledReads = 0;
  let stopping = false;
  const data = Buffer.alloc(options.recordBytes, 120);

  const writer = async (shardIndex: number) => {
    const explicitHashKey = shards[shardIndex]?.HashKeyRange.StartingHashKey ?? '0';
    const startedAt = Date.now();
    let sent = 0;
    while (!stopping) {
      const due =
        scenario === 'paced' ? Math.floor(((Date.now() - startedAt) / 1000) * ratePerShard) - sent : 500;
      if (due <= 0) {
        await sleep(20);
        continue;
      }
      const count = Math.min(due, 500);
      const records = Array.from({ length: count }, (_, n) => ({
        PartitionKey: `key-${shardIndex}-${(sent + n) % 1000}`,
        ExplicitHashKey: explicitHashKey,
        Data: data,
      }));
      const began = performance.now();
      const response = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: records }));
      putLatencies.push(performance.now() - began);
      const failed = response.FailedRecordCount ?? 0;
      throttledWrites += failed;
      written += count - failed;
      sent += count;
    }
  };

  const reader = async (shardIndex: number, offset: number) => {
    const ShardId = `shardId-${String(shardIndex).padStart(12, '0')}`;
    let { ShardIterator: iterator } = await kinesis.send(
      new GetShardIteratorCommand({ StreamName: stream, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
    );
    // Consumers spread their polls so that together they stay under 5 calls/s on the shard.
    const intervalMs = Math.ceil(1000 / (AWS_KINESIS_LIMITS.readCallsPerSecond - 1)) * options.readers;
    await sleep(offset);
    while (!stopping && iterator) {
      const began = performance.now();
      try {
        const response = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
        getLatencies.push(performance.now() - began);
        read += response.Records?.length ?? 0;
        iterator = response.NextShardIterator;
      } catch (error) {
        if ((error as Error).name !== 'ProvisionedThroughputExceededException') throw error;
        throttledReads++;
      }
      await sleep(Math.max(0, intervalMs - (performance.now() - began)));
    }
  };

  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  const writers = shards.map((_, index) => writer(index));
  const readers = shards.flatMap((_, index) =>
    Array.from({ length: options.readers }, (_, r) =>
      reader(index, (r * 1000) / (AWS_KINESIS_LIMITS.readCallsPerSecond - 1)),
    ),
  );
  const progress = setInterval(() => {
    const seconds = (performance.now() - began) / 1000;
    process.stdout.write(
      `    ${seconds.toFixed(0).padStart(3)} s  written ${written}  read ${read}  throttled writes ${throttledWrites} reads ${throttledReads}\n`,
    );
  }, 5_000);
  await sleep(options.durationS * 1000);
  stopping = true;
  await Promise.all(writers);
  // Figures cover the writers' time; readers finish their last call (up to 10 MiB) after it.
  const seconds = (performance.now() - began) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const [finalWritten, finalRead] = [written, read];
  await Promise.all(readers);
  clearInterval(progress);
  await emulator.stop();
  kinesis.destroy();
  return {
    scenario,
    limits: limitsOn ? 'on' : 'off',
    seconds: round(seconds),
    recordsWritten: finalWritten,
    recordsRead: finalRead,
    writtenPerSecond: round(finalWritten / seconds),
    readPerSecond: round(finalRead / seconds),
    cpuMsPer1kRecords: round((cpu.user + cpu.system) / 1000 / ((finalWritten + finalRead) / 1000), 2),
    putRecordsP50Ms: round(percentile(putLatencies, 50)),
    putRecordsP99Ms: round(percentile(putLatencies, 99)),
    getRecordsP50Ms: round(percentile(getLatencies, 50)),
    getRecordsP99Ms: round(percentile(getLatencies, 99)),
    throttledWriteRecords: throttledWrites,
    throttledReads,
  };
};

const mean = (runs: RunFigures[], key: keyof RunFigures): number =>
  round(runs.reduce((sum, run) => sum + (run[key] as number), 0) / Math.max(1, runs.length), 2);

export const benchLimits = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      shards: { type: 'string', default: '2' },
      load: { type: 'string', default: '0.7' },
      'record-bytes': { type: 'string', default: '1024' },
      duration: { type: 'string', default: '20' },
      readers: { type: 'string', default: '2' },
      rounds: { type: 'string', default: '1' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${LIMITS_USAGE}\n`);
    return;
  }
  const options: Options = {
    shards: Number(values.shards),
    load: Number(values.load),
    recordBytes: Number(values['record-bytes']),
    durationS: Number(values.duration),
    readers: Number(values.readers),
  };
  const runs: RunFigures[] = [];
  for (let roundIndex = 0; roundIndex < Number(values.rounds); roundIndex++) {
    for (const scenario of ['paced', 'saturated'] as const) {
      // Alternate the order between rounds so warm-up does not favour one mode.
      const modes = roundIndex % 2 === 0 ? [false, true] : [true, false];
      for (const limitsOn of modes) {
        process.stdout.write(
          `▸ ${scenario}, limits ${limitsOn ? 'ON' : 'OFF'}: ${options.shards} shards, ${options.readers} readers per shard, ${options.durationS} s\n`,
        );
        runs.push(await runOnce(scenario, limitsOn, options));
      }
    }
  }

  const rows = (['paced', 'saturated'] as const).flatMap((scenario) =>
    (['off', 'on'] as const).map((limits) => {
      const selected = runs.filter((run) => run.scenario === scenario && run.limits === limits);
      return {
        scenario,
        limits,
        writtenPerSecond: mean(selected, 'writtenPerSecond'),
        readPerSecond: mean(selected, 'readPerSecond'),
        cpuMsPer1kRecords: mean(selected, 'cpuMsPer1kRecords'),
        putRecordsP99Ms: mean(selected, 'putRecordsP99Ms'),
        getRecordsP99Ms: mean(selected, 'getRecordsP99Ms'),
        throttledWriteRecords: mean(selected, 'throttledWriteRecords'),
        throttledReads: mean(selected, 'throttledReads'),
      };
    }),
  );
  const ratio = (scenario: string) => {
    const off = rows.find((row) => row.scenario === scenario && row.limits === 'off');
    const on = rows.find((row) => row.scenario === scenario && row.limits === 'on');
    return off && on && off.writtenPerSecond > 0
      ? round((100 * on.writtenPerSecond) / off.writtenPerSecond)
      : 0;
  };
  process.stdout.write(
    `\nscenario   limits  written/s   read/s  CPU ms/1k rec  PutRecords p99  GetRecords p99  throttled w/r\n${rows
      .map(
        (row) =>
          `${row.scenario.padEnd(10)} ${row.limits.padEnd(6)} ${String(row.writtenPerSecond).padStart(9)} ${String(row.readPerSecond).padStart(8)} ${String(row.cpuMsPer1kRecords).padStart(14)} ${`${row.putRecordsP99Ms} ms`.padStart(15)} ${`${row.getRecordsP99Ms} ms`.padStart(15)} ${`${row.throttledWriteRecords}/${row.throttledReads}`.padStart(14)}`,
      )
      .join(
        '\n',
      )}\n\nON as % of OFF (records written/s): paced ${ratio('paced')}%, saturated ${ratio('saturated')}% (target ≥ 90%)\n`,
  );
  mkdirSync(join(root, 'reports'), { recursive: true });
  const path = join(root, 'reports', `bench-limits-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    path,
    JSON.stringify(
      { options, onAsPercentOfOff: { paced: ratio('paced'), saturated: ratio('saturated') }, rows, runs },
      null,
      2,
    ),
  );
  process.stdout.write(`Report: ${path}\n`);
};
