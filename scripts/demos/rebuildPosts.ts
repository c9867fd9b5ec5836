import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '@kes/aws-clients';
import { LocalCloudProcess } from '@kes/local-cloud';
import { writeLineChart } from '../feed/chart';
import { converge } from '../feed/converge';
import { LocalSystem } from '../feed/LocalSystem';
import { describeMachine, machineLine, reportBase } from '../lib/reports';
import type { Subcommand } from '../lib/subcommands';
import { generateActivity } from './rebuildPosts/generateActivity';
import { type RebuildProgress, rebuildAndCompare } from './rebuildPosts/rebuildAndCompare';
import { waitForEventStore } from './rebuildPosts/waitForEventStore';

const USAGE = `npm run demo -- rebuild-posts [--posts 60] [--claps 600] [--members 150] [--unclap 0.1] [--share 0.8]
                               [--keep] [--running [--data-dir .local-cloud]] [--from <ISO>]

Why an event store: rebuilds the posts read model (post → claps, clappers, version, asOf) from scratch and
shows it equals the live one. Starts a fresh local cloud of its own (or, with --running, uses the one
\`npm start\` runs), posts and claps through the HTTP API, waits until the read model and the event store have
converged, creates kes-<stage>-posts-rebuild-<time> with the live table's schema, replays every
PostClapsTotalChanged from the event store into the replay stream, projects it into the fresh table with the
posts service's own projectClaps (through an event-source mapping), then compares both tables item by item.
Writes reports/demo-rebuild-posts-<time>.json and .svg; exit 1 when the tables differ. --keep keeps the table.`;

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** The earliest event in the store: where "from scratch" starts on a cloud this demo did not start. */
const earliestEvent = async (documents: ReturnType<typeof createAwsClients>['documents'], table: string) => {
  let earliest: string | undefined;
  let after: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName: table,
        ProjectionExpression: '#at',
        ExpressionAttributeNames: { '#at': 'at' },
        ...(after ? { ExclusiveStartKey: after } : {}),
      }),
    );
    for (const item of page.Items ?? [])
      if (typeof item.at === 'string' && (!earliest || item.at < earliest)) earliest = item.at;
    after = page.LastEvaluatedKey;
  } while (after);
  return earliest;
};

const run = async (root: string, argv: string[]): Promise<void> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      posts: { type: 'string', default: '60' },
      claps: { type: 'string', default: '600' },
      members: { type: 'string', default: '150' },
      unclap: { type: 'string', default: '0.1' },
      share: { type: 'string', default: '0.8' },
      keep: { type: 'boolean', default: false },
      running: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.local-cloud' },
      from: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return say(USAGE);
  const numbers = {
    posts: Number(values.posts),
    claps: Number(values.claps),
    members: Number(values.members),
  };
  for (const [option, value] of Object.entries(numbers))
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${option} must be a positive integer`);
  const unclap = Number(values.unclap);
  const share = Number(values.share);
  if (!(unclap >= 0 && unclap <= 1)) throw new Error('--unclap must be between 0 and 1');
  if (!(share > 0 && share <= 1)) throw new Error('--share must be in (0, 1]');

  const demoStart = new Date();
  let cloud: LocalCloudProcess | undefined;
  let dataDir = values['data-dir'] ?? '.local-cloud';
  if (!values.running) {
    dataDir = mkdtempSync(join(tmpdir(), 'kes-demo-rebuild-'));
    say('▸ starting a fresh local cloud of its own (reproducible; --running uses the one `npm start` runs)');
    cloud = await LocalCloudProcess.start(root, dataDir, ['--fresh', '--ephemeral']);
  }
  try {
    const system = new LocalSystem(dataDir);
    const clients = createAwsClients(system.env);
    const liveTable = `kes-${system.stage}-posts-claps`;
    say(
      `▸ activity through ${system.baseUrl}: ${numbers.posts} posts, ${numbers.claps} clap requests by ${numbers.members} members (${Math.round(unclap * 100)}% unclaps)`,
    );
    const activity = await generateActivity(system, {
      ...numbers,
      unclap,
      seed: 1,
      concurrency: 16,
      log: say,
    });
    say(
      `    ${activity.accepted} claps accepted, ${activity.refused} refused, in ${activity.seconds.toFixed(1)} s`,
    );

    say('▸ waiting until the live read model shows every accepted clap');
    const live = await converge(system, activity.expected, 120);
    if (!live.converged)
      throw new Error(`the live read model did not converge: ${live.mismatches.length} posts differ`);
    say(
      `    converged in ${live.seconds.toFixed(1)} s; waiting until the event store holds the same versions`,
    );
    // The event store's routes want the scope kes/events.read (decision 0025).
    const get = async (path: string) => system.call('GET', path, 'demo-probe', undefined, 'kes/events.read');
    const behind = await waitForEventStore(
      get,
      clients.documents,
      liveTable,
      activity.postIds,
      120_000,
      (n) => say(`    ${n} posts not yet in the event store at the read model's version`),
    );
    if (behind.length > 0)
      throw new Error(`the event store is behind for ${behind.length} posts: ${behind.slice(0, 5)}`);

    const from =
      values.from ??
      (cloud
        ? new Date(demoStart.getTime() - 60_000).toISOString()
        : await earliestEvent(clients.documents, `kes-${system.stage}-events`));
    if (!from) throw new Error('the event store is empty: nothing to rebuild from');
    const to = new Date(Date.now() + 60_000).toISOString();
    say(`▸ rebuilding ${liveTable} from the event store (${from} → ${to}) into a fresh table`);
    const samples: RebuildProgress[] = [];
    const report = await rebuildAndCompare({
      env: system.env,
      stage: system.stage,
      from,
      to,
      rateShare: share,
      keep: values.keep ?? false,
      onProgress: (progress) => {
        samples.push(progress);
        say(
          `    ${String(progress.elapsedSeconds).padStart(5)} s  ${progress.phase}: ${progress.sent} replayed, ${progress.projected} projected`,
        );
      },
    });

    const { comparison: c } = report;
    say(
      `\n${c.same ? '✔ the rebuilt read model equals the live one' : '✖ the rebuilt read model differs from the live one'}\n` +
        `  items live ${c.live}, rebuilt ${c.rebuilt}, equal ${c.equal}, differing ${c.differing.length}, missing ${c.missing.length}, extra ${c.extra.length}` +
        ` (compared: every attribute; ignored: ${c.ignored.length ? c.ignored.join(', ') : 'none — the read model holds no write timestamps'})\n` +
        `  replay: ${report.replay.sent} events (${report.replay.scanned} read) in ${report.replay.seconds} s = ${report.replay.recordsPerSecond} records/s into kes-${system.stage}-replay (job ${report.jobId})\n` +
        `  projection: ${report.projection.records} records in ${report.projection.invocations} invocations, done ${report.projection.seconds} s after the replay began (${report.projection.recordsPerSecond} records/s), ${report.projection.discarded} discarded\n` +
        `  table ${report.rebuiltTable} ${report.kept ? 'kept (--keep)' : 'deleted'}`,
    );
    for (const diff of c.differing.slice(0, 20))
      say(
        `  ≠ ${diff.key}: ${diff.fields.map((f) => `${f.field} live ${JSON.stringify(f.live)} rebuilt ${JSON.stringify(f.rebuilt)}`).join('; ')}`,
      );
    for (const key of c.missing.slice(0, 20)) say(`  − ${key}: missing from the rebuild`);
    for (const key of c.extra.slice(0, 20)) say(`  + ${key}: only in the rebuild`);

    const base = reportBase(root, 'demo-rebuild-posts');
    const machine = describeMachine();
    writeFileSync(
      `${base}.json`,
      JSON.stringify(
        {
          machine,
          date: new Date().toISOString(),
          activity: {
            ...numbers,
            unclap,
            accepted: activity.accepted,
            refused: activity.refused,
            posts: activity.postIds.length,
          },
          ...report,
        },
        null,
        2,
      ),
    );
    await writeLineChart(
      `${base}.svg`,
      `Rebuild of ${liveTable}: events replayed and projected`,
      'seconds since the replay began',
      'records',
      samples.flatMap((s) => [
        { x: s.elapsedSeconds, y: s.sent, series: 'replayed (confirmed)' },
        { x: s.elapsedSeconds, y: s.projected, series: 'projected into the fresh table' },
      ]),
    );
    say(`  report: ${base}.json, chart: ${base}.svg (${machineLine(machine)})`);
    if (!c.same) process.exitCode = 1;
  } finally {
    if (cloud) {
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
};

/** `npm run demo -- rebuild-posts`: see USAGE. */
export const rebuildPosts: Subcommand = { usage: USAGE, run };
