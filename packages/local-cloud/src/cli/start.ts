import { parseArgs } from 'node:util';
import type { ScheduleStats } from '../events/EventScheduler';
import { LocalCloud } from '../LocalCloud';
import { parseParamOverrides } from './parseParamOverrides';

const USAGE = `Usage: npm start -- [--fresh] [--port 3000] [--ephemeral] [--poll-interval-ms 1000] [--function-concurrency 8]
                    [--no-limits] [--no-schedules] [--faults faults.json] [--firehose-interval 60]
                    [--services a,b] [--all-entries] [--param service.name=value ...]

Starts the whole system locally: Kinesis, DynamoDB Local and S3 emulators, every service of
serverless-compose.yml provisioned from its packaged CloudFormation template, functions in
serverless-offline, event-source mappings, the templates' schedules (EventBridge rules), and one HTTP
API base URL. Ctrl-C stops everything.

  --fresh              wipe local data (.local-cloud/) before starting
  --port N             port of the base URL (default 3000)
  --control-port N     port of the local control endpoint: mappings, faults (default 4599)
  --lambda-port N      port of the local Lambda API: event-source mappings, Invoke (default: any free port)
  --ephemeral          keep Kinesis and DynamoDB data in memory (faster; gone when stopped)
  --poll-interval-ms   idle poll interval of the event-source mappings (default 1000, as on AWS)
  --function-concurrency N
                       execution environments per function (default 8); more invocations wait
  --data-dir DIR       where local data lives (default .local-cloud)
  --no-limits          turn off AWS's Kinesis shard limits (on by default: 1,000 records/s and
                       1 MiB/s written, 5 GetRecords/s and 2 MiB/s read per shard)
  --no-schedules       do not run the templates' schedules on the clock (EventBridge scheduled rules and
                       Scheduler schedules, e.g. the ingestion's tick every minute and enqueue every 15
                       minutes); they still run on demand: POST <control>/schedules/<rule>/run
  --faults FILE        Kinesis fault injection from a JSON file (error rates, latency, outages;
                       see packages/local-cloud/README.md)
  --firehose-interval S
                       deliver the data lake's Firehose buffers at least every S seconds
                       (default: each template's BufferingHints.IntervalInSeconds)
  --services A,B       only these compose services (and what they depend on), e.g. ingestion-acme
  --all-entries        run every compose entry of a shared folder (by default only the first of the
                       ingestion providers runs: each is one more serverless-offline process)
  --param S.NAME=VALUE a param of compose service S over serverless-compose.yml's (repeatable), e.g.
                       --param ingestion-acme.probeInitialMs=20000`;

/** When a schedule runs next, as the banner says it. */
const nextRun = (schedule: ScheduleStats, off: boolean): string => {
  if (schedule.state === 'DISABLED') return 'DISABLED';
  if (schedule.nextRunAt) return `next ${schedule.nextRunAt.slice(0, 19)}Z`;
  return off ? 'not on the clock' : 'no next run';
};

/** The banner's schedules: expression → function, next run, rule name; or why they are not running. */
const scheduleLines = (cloud: LocalCloud, off: boolean): string => {
  const schedules = cloud.schedules.list();
  if (schedules.length === 0) return 'none in the templates';
  const lines = schedules.flatMap((s) => [
    `${s.expression} → ${s.targets.map((t) => t.functionName).join(', ') || '(no Lambda target)'}  ${nextRun(s, off)}`,
    `  rule ${s.name}`,
  ]);
  return [
    ...lines,
    `(${off ? 'off: --no-schedules; ' : ''}live figures: ${cloud.controlUrl}/schedules; run one now: POST ${cloud.controlUrl}/schedules/<rule>/run)`,
  ].join('\n               ');
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      fresh: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      'control-port': { type: 'string', default: '4599' },
      'lambda-port': { type: 'string', default: '0' },
      ephemeral: { type: 'boolean', default: false },
      'poll-interval-ms': { type: 'string', default: '1000' },
      'function-concurrency': { type: 'string', default: '8' },
      'data-dir': { type: 'string' },
      'no-limits': { type: 'boolean', default: false },
      'no-schedules': { type: 'boolean', default: false },
      faults: { type: 'string' },
      'firehose-interval': { type: 'string' },
      services: { type: 'string' },
      'all-entries': { type: 'boolean', default: false },
      param: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  const cloud = await LocalCloud.start({
    rootDir: process.cwd(),
    port: Number(values.port),
    controlPort: Number(values['control-port']),
    lambdaPort: Number(values['lambda-port']),
    fresh: values.fresh,
    ephemeral: values.ephemeral,
    pollIntervalMs: Number(values['poll-interval-ms']),
    functionConcurrency: Number(values['function-concurrency']),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values['no-limits'] ? { kinesisLimits: false } : {}),
    schedules: !values['no-schedules'],
    ...(values.faults ? { kinesisFaults: values.faults } : {}),
    ...(values['firehose-interval'] ? { firehoseIntervalSeconds: Number(values['firehose-interval']) } : {}),
    ...(values.services ? { services: values.services.split(',').map((name) => name.trim()) } : {}),
    allEntries: values['all-entries'],
    params: parseParamOverrides(values.param),
    log: (line) => console.log(line),
  });
  const routes = cloud.stacks.flatMap((stack) => stack.routes).map((route) => route.routeKey);
  console.log(`
✔ Local cloud ready in ${((Date.now() - started) / 1000).toFixed(1)}s

  Base URL     ${cloud.baseUrl}
  Routes       ${routes.sort().join('\n               ')}
  Token        TOKEN=$(npm run --silent token -- member-1)
  Try          curl -s -X POST ${cloud.baseUrl}/posts -H "Authorization: Bearer $TOKEN" \\
                 -H 'content-type: application/json' -d '{"title":"Hello","body":"First post"}'
  Mappings     ${cloud.engine.stats().length} event-source mappings running (live figures: ${cloud.controlUrl}/mappings)
  Kinesis      shard limits ${cloud.kinesis.limits ? 'on' : 'off (--no-limits)'} (throttles: ${cloud.controlUrl}/kinesis/throttles)
  Firehose     ${
    cloud.firehose
      .stats()
      .map((s) => `${s.deliveryStreamName} → s3://${s.bucket}`)
      .join('\n               ') || 'no delivery streams'
  }
               (live figures: ${cloud.controlUrl}/firehose; deliver now: POST ${cloud.controlUrl}/firehose/flush)
  Schedules    ${scheduleLines(cloud, values['no-schedules'])}
  Lambda API   AWS_ENDPOINT_URL_LAMBDA=${cloud.lambdaUrl}  (event-source mappings, Invoke)
  Data & logs  ${cloud.dataDir}  (logs/, --fresh wipes it)

Press Ctrl-C to stop.`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the local cloud…`);
    cloud
      .stop()
      .then(() => process.exit(0))
      .catch((error) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // Started by a test or benchmark (LocalCloudProcess): stop when that parent goes away.
  if (process.env.KES_STOP_WHEN_STDIN_CLOSES === '1') {
    process.stdin.on('close', () => shutdown('parent process gone'));
    process.stdin.resume();
  }
};

main().catch((error: Error) => {
  console.error(`\n✖ ${error.message}`);
  process.exit(1);
});
