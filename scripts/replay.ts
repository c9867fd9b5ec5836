import { parseArgs } from 'node:util';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { createAwsClients } from '@kes/aws-clients';
import { SingleBar } from 'cli-progress';
import {
  JobStore,
  type ReplayProgress,
  ReplayRunner,
  type ReplaySpec,
  replaySpecSchema,
  resolveTarget,
  sourceFor,
} from '../services/replay/src';
import { LocalSystem } from './feed/LocalSystem';

const USAGE = `npm run replay -- --source event-store|lake --from <ISO> --to <ISO> [--types a,b] [--subjects type:id,...]
                  [--target <stream>] [--allow-domain-target] [--share 0.8] [--write-mode put-records|put-record] [--job <id>] [--data-dir .local-cloud]

Replays past events into the running local cloud's replay stream (kes-<stage>-replay), in per-key order, at
--share of the stream's write limit. The job's progress and checkpoint are kept in kes-<stage>-replay-jobs:
stop it (Ctrl-C) and continue with --job <id> — which also re-runs a failed or cancelled job (from the CLI
or POST /replays) from its last checkpoint. A domain stream as --target needs --allow-domain-target.`;

const { values } = parseArgs({
  options: {
    source: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    types: { type: 'string' },
    subjects: { type: 'string' },
    target: { type: 'string' },
    'allow-domain-target': { type: 'boolean', default: false },
    share: { type: 'string' },
    'write-mode': { type: 'string', default: 'put-records' },
    job: { type: 'string' },
    'lake-bucket': { type: 'string' },
    'data-dir': { type: 'string', default: '.local-cloud' },
    help: { type: 'boolean', default: false },
  },
});

const fail = (message: string): never => {
  process.stderr.write(`✖ ${message}\n\n${USAGE}\n`);
  process.exit(2);
};

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

const specFromArgs = (): ReplaySpec => {
  const subjects = list(values.subjects)?.map((subject) => {
    const [type, ...id] = subject.split(':');
    if (!type || id.length === 0) fail(`--subjects takes type:id pairs, got "${subject}"`);
    return { type: type ?? '', id: id.join(':') };
  });
  const parsed = replaySpecSchema.safeParse({
    source: values.source,
    from: values.from,
    to: values.to,
    ...(values.types ? { types: list(values.types) } : {}),
    ...(subjects ? { subjects } : {}),
    ...(values.target ? { target: values.target } : {}),
    ...(values['allow-domain-target'] ? { allowDomainTarget: true } : {}),
    ...(values.share ? { rateShare: Number(values.share) } : {}),
  });
  if (!parsed.success)
    return fail(
      parsed.error.issues.map((issue) => `--${issue.path.join('.') || 'spec'}: ${issue.message}`).join('\n'),
    );
  return parsed.data;
};

const main = async () => {
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const system = new LocalSystem(values['data-dir'] ?? '.local-cloud');
  const clients = createAwsClients(system.env, { kinesisMaxAttempts: 1 });
  const replayStream = `kes-${system.stage}-replay`;
  const jobs = new JobStore(clients.documents, `kes-${system.stage}-replay-jobs`);
  const lakeBucket =
    values['lake-bucket'] ??
    ((await clients.s3.send(new ListBucketsCommand({}))).Buckets ?? [])
      .map((bucket) => bucket.Name ?? '')
      .find((name) => name.startsWith(`kes-lake-${system.stage}-lakebucket`));

  let jobId = values.job;
  if (!jobId) {
    const spec = specFromArgs();
    let target: string;
    try {
      target = resolveTarget(spec, replayStream);
    } catch (error) {
      return fail((error as Error).message);
    }
    jobId = (await jobs.create(spec, target)).jobId;
  }
  let job = await jobs.get(jobId);
  if (!job) return fail(`no replay job ${jobId}`);
  if (job.status === 'succeeded') return fail(`replay job ${jobId} has already succeeded`);
  if (job.status === 'failed' || job.status === 'cancelled') {
    // Re-run from the last checkpoint: nothing missing, at most one batch sent again.
    const why = job.error ? ` (${job.error.code}: ${job.error.message})` : '';
    process.stdout.write(`▸ job ${jobId} was ${job.status}${why}; continuing from its last checkpoint\n`);
    await jobs.reopen(jobId);
    job = (await jobs.get(jobId)) ?? job;
  }
  const from = Date.parse(job.spec.from);
  const span = Date.parse(job.spec.to) - from;
  process.stdout.write(
    `▸ replay ${jobId}: ${job.spec.source} ${job.spec.from} → ${job.spec.to} into ${job.target}` +
      ` at ${Math.round((job.spec.rateShare ?? 0.8) * 100)}% of its write limit${job.position ? ' (resuming)' : ''}\n`,
  );

  const bar = process.stdout.isTTY
    ? new SingleBar({
        format: ' {bar} {percentage}% | sent {sent} | read {scanned} | {rate} rec/s | at {at}',
        hideCursor: true,
      })
    : undefined;
  bar?.start(100, 0, { sent: 0, scanned: 0, rate: 0, at: '-' });
  const started = Date.now();
  const startSent = job.progress.sent;
  let lastLine = 0;
  const onProgress = (progress: ReplayProgress) => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = Math.round((progress.sent - startSent) / Math.max(elapsed, 0.001));
    const done = progress.lastEventAt
      ? Math.min(100, ((Date.parse(progress.lastEventAt) - from) / span) * 100)
      : 0;
    const figures = { sent: progress.sent, scanned: progress.scanned, rate, at: progress.lastEventAt ?? '-' };
    bar?.update(Math.floor(done), figures);
    if (!bar && elapsed - lastLine >= 5) {
      lastLine = elapsed;
      process.stdout.write(
        `  ${elapsed.toFixed(0).padStart(4)}s  sent ${figures.sent}  read ${figures.scanned}  ${rate} rec/s  at ${figures.at}\n`,
      );
    }
  };

  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort(new Error('stopped (Ctrl-C)')));
  const runner = new ReplayRunner({
    jobs,
    kinesis: clients.kinesis,
    sourceFor: sourceFor({
      documents: clients.documents,
      s3: clients.s3,
      eventsTable: `kes-${system.stage}-events`,
      ...(lakeBucket ? { lakeBucket } : {}),
    }),
    // The same process resumes at once after Ctrl-C: its lease is its own.
    owner: `replay-cli:${jobId}`,
    writeMode: values['write-mode'] === 'put-record' ? 'put-record' : 'put-records',
    onProgress,
    signal: stop.signal,
  });
  try {
    const done = await runner.run(jobId);
    bar?.update(100);
    bar?.stop();
    const seconds = (Date.now() - started) / 1000;
    const sent = done.progress.sent - startSent;
    process.stdout.write(
      `\n✔ ${done.status}: ${done.progress.sent} events sent to ${done.target} (${done.progress.scanned} read, ` +
        `${(done.progress.bytes / 2 ** 20).toFixed(2)} MiB) in ${seconds.toFixed(1)} s — ` +
        `${Math.round(sent / seconds)} records/s; job ${jobId}\n`,
    );
  } catch (error) {
    bar?.stop();
    if (stop.signal.aborted) {
      const item = await jobs.get(jobId);
      process.stdout.write(
        `\n■ stopped after ${item?.progress.sent ?? 0} confirmed events; continue with: npm run replay -- --job ${jobId}\n`,
      );
      process.exit(130);
    }
    throw error;
  }
};

main().catch((error: Error) => {
  process.stderr.write(`\n✖ ${error.name}: ${error.message}\n`);
  process.exit(1);
});
