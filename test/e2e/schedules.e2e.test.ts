import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalCloudProcess, type ScheduleStats } from '@kes/local-cloud';
import { System } from './helpers/system';

// The second test starts a local cloud of its own (platform and ingestion-acme) and watches it for over
// a minute; on a machine shared with other work a start alone has taken 150 s.
jest.setTimeout(600_000);

const root = join(__dirname, '..', '..');

const schedules = async (system: System): Promise<ScheduleStats[]> =>
  (await fetch(`${system.coordinates.controlUrl}/schedules`)).json() as Promise<ScheduleStats[]>;

/** serverless-offline's log of a compose entry, and how many times it ran `functionKey` (`(λ: tick) RequestId`). */
const offlineLog = (system: System, entry: string) => {
  const file = join(system.coordinates.dataDir, 'logs', `${entry}.log`);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  return { text, invocations: (key: string) => text.split(`(λ: ${key}) RequestId`).length - 1 };
};

describe('schedules: the templates’ EventBridge rules run by the local cloud, and only by it', () => {
  const system = System.shared();

  it('off by default for programs: every rule is listed with no next run, and serverless-offline schedules nothing', async () => {
    const listed = await schedules(system);
    for (const provider of ['acme', 'globex', 'initech']) {
      const stack = `kes-ingestion-${provider}-${system.coordinates.stage}`;
      expect(
        listed
          .filter((s) => s.stackName === stack)
          .map(({ logicalId, expression }) => ({ logicalId, expression })),
      ).toEqual([
        { logicalId: 'TickEventsRuleSchedule1', expression: 'rate(1 minute)' },
        { logicalId: 'EnqueueEventsRuleSchedule1', expression: 'rate(15 minutes)' },
      ]);
    }
    expect(listed.every((s) => s.nextRunAt === null && s.state === 'ENABLED')).toBe(true);
    // serverless-offline's own runner would log "Scheduling [tick] cron: …" when it starts.
    const logs = readdirSync(join(system.coordinates.dataDir, 'logs')).filter((name) =>
      name.startsWith('ingestion-'),
    );
    expect(logs.length).toBeGreaterThanOrEqual(3);
    for (const name of logs)
      expect(offlineLog(system, name.replace(/\.log$/, '')).text).not.toContain('Scheduling [');
  });

  it('runs a rule on demand: the real tick gets the Scheduled Event; a logical id shared by providers is ambiguous', async () => {
    // globex: no other e2e test uses its mapping, which its tick may hold outside its off-peak windows.
    const tick = (await schedules(system)).find(
      (s) =>
        s.stackName === `kes-ingestion-globex-${system.coordinates.stage}` &&
        s.logicalId === 'TickEventsRuleSchedule1',
    );
    const response = await fetch(`${system.coordinates.controlUrl}/schedules/${tick?.name}/run`, {
      method: 'POST',
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      event: { source: string; 'detail-type': string; resources: string[] };
      targets: Array<{ functionName: string; ok: boolean; payload: { circuit: string } }>;
    };
    expect(body.event).toMatchObject({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      resources: [tick?.arn],
    });
    expect(body.targets).toEqual([
      expect.objectContaining({
        functionName: `kes-ingestion-globex-${system.coordinates.stage}-tick`,
        ok: true,
        payload: expect.objectContaining({ circuit: expect.any(String) }),
      }),
    ]);

    const ambiguous = await fetch(`${system.coordinates.controlUrl}/schedules/TickEventsRuleSchedule1/run`, {
      method: 'POST',
    });
    expect(ambiguous.status).toBe(409);
    expect(await ambiguous.json()).toMatchObject({ error: { code: 'AmbiguousSchedule' } });
  });

  it('with schedules on, a scheduled function runs exactly once per due time (serverless-offline runs none)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kes-schedules-'));
    const cloud = await LocalCloudProcess.start(root, dataDir, [
      '--schedules',
      '--ephemeral',
      '--services',
      'ingestion-acme',
    ]);
    try {
      const own = System.fromDataDir(dataDir);
      const tick = (await schedules(own)).find((s) => s.logicalId === 'TickEventsRuleSchedule1');
      const first = Date.parse(tick?.nextRunAt ?? '');
      expect(first).toBeGreaterThan(Date.now() - 1_000);
      // Two due times, a minute apart: a window long enough to hold one of serverless-offline's
      // clock-aligned runs (every :00) had it still been scheduling.
      await sleep(Math.max(0, first + 60_000 + 8_000 - Date.now()));
      const after = (await schedules(own)).find((s) => s.logicalId === 'TickEventsRuleSchedule1');
      expect(after).toMatchObject({ runs: 2, invocations: 2, failedInvocations: 0 });
      const log = offlineLog(own, 'ingestion-acme');
      expect(log.invocations('tick')).toBe(2);
      expect(log.text).not.toContain('Scheduling [');
    } finally {
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
