import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InvokeResult } from '../../src/esm/LambdaInvoker';
import { AsyncInvoker } from '../../src/events/AsyncInvoker';
import { EventScheduler } from '../../src/events/EventScheduler';
import { ScheduleAnchors } from '../../src/events/ScheduleAnchors';
import type { ScheduledEvent } from '../../src/events/scheduledEvent';
import type { ScheduleDefinition, ScheduleTarget } from '../../src/events/types';
import { FakeTimers } from '../helpers/FakeTimers';
import { scheduleDefinition } from '../helpers/scheduleDefinitions';
import { removeTempDirs, tempDir } from '../helpers/tempDirs';

const START = '2026-11-22T10:00:00Z';

/** A scheduler on fake timers whose functions record every invocation (time, payload) and answer `answer`. */
const harness = (
  schedules: ScheduleDefinition[],
  options: {
    answer?: (functionName: string) => InvokeResult;
    anchors?: ScheduleAnchors;
    random?: () => number;
  } = {},
) => {
  const timers = new FakeTimers(Date.parse(START));
  const calls: Array<{ functionName: string; at: string; payload: unknown }> = [];
  const log: string[] = [];
  const notices: string[] = [];
  const invoke = async (functionName: string, payload: unknown): Promise<InvokeResult> => {
    calls.push({ functionName, at: new Date(timers.now()).toISOString(), payload });
    return options.answer?.(functionName) ?? { ok: true, payload: null, durationMs: 3 };
  };
  let ids = 0;
  const scheduler = new EventScheduler({
    schedules,
    invoker: new AsyncInvoker({ invoke, timers }),
    account: '000000000000',
    region: 'us-east-1',
    timers,
    newId: () => `event-${++ids}`,
    log: (line) => log.push(line),
    notice: (message) => notices.push(message),
    ...(options.anchors ? { anchors: options.anchors } : {}),
    ...(options.random ? { random: options.random } : {}),
  });
  const times = (functionName: string) =>
    calls.filter((c) => c.functionName === functionName).map((c) => c.at);
  return { timers, scheduler, calls, log, notices, times };
};

afterEach(() => removeTempDirs());

describe('EventScheduler', () => {
  it('runs a rate schedule one period after its creation, then every period', async () => {
    const { timers, scheduler, times } = harness([scheduleDefinition('tick', 'rate(1 minute)')]);
    scheduler.start();
    await timers.advance(3 * 60_000);
    expect(times('kes-test-local-tick')).toEqual([
      '2026-11-22T10:01:00.000Z',
      '2026-11-22T10:02:00.000Z',
      '2026-11-22T10:03:00.000Z',
    ]);
  });

  it('runs a cron schedule at its minutes (UTC)', async () => {
    const { timers, scheduler, times } = harness([scheduleDefinition('report', 'cron(0/20 10-11 * * ? *)')]);
    scheduler.start();
    await timers.advanceTo('2026-11-22T13:00:00Z');
    expect(times('kes-test-local-report')).toEqual([
      '2026-11-22T10:20:00.000Z',
      '2026-11-22T10:40:00.000Z',
      '2026-11-22T11:00:00.000Z',
      '2026-11-22T11:20:00.000Z',
      '2026-11-22T11:40:00.000Z',
    ]);
  });

  it('sends EventBridge’s Scheduled Event, the run’s time in it, or the target’s constant Input', async () => {
    const tick = scheduleDefinition('tick', 'rate(5 minutes)');
    const withInput = scheduleDefinition('enqueue', 'rate(5 minutes)', 'kes-test-local-enqueue', {
      targets: [
        {
          ...(scheduleDefinition('enqueue', 'rate(5 minutes)').targets[0] as ScheduleTarget),
          input: '{"full":true}',
        },
      ],
    });
    const { timers, scheduler, calls } = harness([tick, withInput]);
    scheduler.start();
    await timers.advance(5 * 60_000);
    expect(calls.find((c) => c.functionName === 'kes-test-local-tick')?.payload).toEqual({
      version: '0',
      id: 'event-1',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-11-22T10:05:00Z',
      region: 'us-east-1',
      resources: [tick.arn],
      detail: {},
    });
    expect(calls.find((c) => c.functionName === 'kes-test-local-enqueue')?.payload).toEqual({ full: true });
  });

  it('sends the same event to every target of a rule', async () => {
    const rule = scheduleDefinition('fanout', 'rate(1 minute)');
    rule.targets.push({
      ...(rule.targets[0] as ScheduleTarget),
      id: 'second',
      functionName: 'kes-test-local-other',
    });
    const { timers, scheduler, calls } = harness([rule]);
    scheduler.start();
    await timers.advance(60_000);
    expect(calls.map((c) => c.functionName)).toEqual(['kes-test-local-fanout', 'kes-test-local-other']);
    const [first, second] = calls.map((call) => (call.payload as ScheduledEvent).id);
    expect(first).toBe(second);
  });

  it('never runs a DISABLED schedule by the clock, and lists it as such', async () => {
    const { timers, scheduler, calls } = harness([
      scheduleDefinition('off', 'rate(1 minute)', undefined, { enabled: false }),
    ]);
    scheduler.start();
    await timers.advance(10 * 60_000);
    expect(calls).toEqual([]);
    expect(scheduler.list()[0]).toMatchObject({ name: 'off', state: 'DISABLED', nextRunAt: null, runs: 0 });
  });

  it('runs nothing until started; run() fires a schedule at once, even a disabled one', async () => {
    const { timers, scheduler, calls } = harness([
      scheduleDefinition('tick', 'rate(1 minute)'),
      scheduleDefinition('off', 'rate(1 minute)', undefined, { enabled: false }),
    ]);
    await timers.advance(10 * 60_000);
    expect(calls).toEqual([]);
    const run = await scheduler.run('off');
    expect(run?.event.time).toBe('2026-11-22T10:10:00Z');
    expect(run?.targets).toEqual([
      {
        id: 'offTarget',
        functionName: 'kes-test-local-off',
        result: { ok: true, payload: null, durationMs: 3 },
      },
    ]);
    expect(await scheduler.run('no-such-rule')).toBeUndefined();
    expect(scheduler.matching('kes-test-local.tickRule').map(({ name }) => name)).toEqual(['tick']);
    expect(scheduler.matching('tickRule').map(({ name }) => name)).toEqual(['tick']);
    expect(scheduler.matching(run?.event.resources[0] ?? '').map(({ name }) => name)).toEqual(['off']);
  });

  it('retries a failing target as Lambda does (after 1 and 2 minutes), counts it and says when it gives up', async () => {
    const { timers, scheduler, times, notices, log } = harness([scheduleDefinition('tick', 'rate(1 hour)')], {
      answer: () => ({ ok: false, errorType: 'Error', errorMessage: 'provider down', durationMs: 2 }),
    });
    scheduler.start();
    await timers.advance(3_600_000 + 5 * 60_000);
    expect(times('kes-test-local-tick')).toEqual([
      '2026-11-22T11:00:00.000Z',
      '2026-11-22T11:01:00.000Z',
      '2026-11-22T11:03:00.000Z',
    ]);
    expect(scheduler.list()[0]).toMatchObject({ runs: 1, invocations: 3, failedInvocations: 3, retries: 2 });
    expect(log[0]).toContain('attempt 1 failed: Error: provider down (retry in 60 s)');
    expect(notices).toEqual([
      expect.stringContaining('attempt 3 failed: Error: provider down (not retried)'),
    ]);
  });

  it('stops on shutdown: no more runs, no more retries', async () => {
    const { timers, scheduler, times } = harness([scheduleDefinition('tick', 'rate(1 minute)')], {
      answer: () => ({ ok: false, errorType: 'Error', errorMessage: 'x', durationMs: 1 }),
    });
    scheduler.start();
    await timers.advance(60_000);
    scheduler.stop();
    expect(scheduler.running).toBe(false);
    expect(timers.pending).toEqual([]);
    await timers.advance(3_600_000);
    expect(times('kes-test-local-tick')).toEqual(['2026-11-22T10:01:00.000Z']);
  });

  it('lists every schedule with its next run', async () => {
    const { scheduler } = harness([scheduleDefinition('tick', 'rate(15 minutes)')]);
    expect(scheduler.list()[0]?.nextRunAt).toBeNull();
    scheduler.start();
    expect(scheduler.list()[0]).toMatchObject({
      name: 'tick',
      kind: 'rule',
      expression: 'rate(15 minutes)',
      timeZone: 'UTC',
      state: 'ENABLED',
      targets: [{ id: 'tickTarget', functionName: 'kes-test-local-tick' }],
      nextRunAt: '2026-11-22T10:15:00.000Z',
    });
  });

  it('keeps a rate’s phase across restarts (creation times in the state file), and starts over when it changes', () => {
    const dir = tempDir();
    const file = join(dir, 'state', 'schedules.json');
    mkdirSync(join(dir, 'state'));
    const created = Date.parse('2026-11-22T09:52:30Z');
    writeFileSync(
      file,
      JSON.stringify({
        schedules: {
          'arn:aws:events:us-east-1:000000000000:rule/tick': {
            expression: 'rate(5 minutes)',
            createdAt: created,
          },
        },
      }),
    );
    const kept = harness([scheduleDefinition('tick', 'rate(5 minutes)')], {
      anchors: new ScheduleAnchors(file),
    });
    kept.scheduler.start();
    expect(kept.scheduler.list()[0]?.nextRunAt).toBe('2026-11-22T10:02:30.000Z');

    const changed = harness([scheduleDefinition('tick', 'rate(10 minutes)')], {
      anchors: new ScheduleAnchors(file),
    });
    changed.scheduler.start();
    expect(changed.scheduler.list()[0]?.nextRunAt).toBe('2026-11-22T10:10:00.000Z');
    expect(
      JSON.parse(readFileSync(file, 'utf8')).schedules['arn:aws:events:us-east-1:000000000000:rule/tick'],
    ).toEqual({
      expression: 'rate(10 minutes)',
      createdAt: Date.parse(START),
    });
  });

  it('runs a one-time at() schedule once, and none outside StartDate–EndDate', async () => {
    const once = scheduleDefinition('once', 'at(2026-11-22T10:30:00)', undefined, { kind: 'scheduler' });
    const window = scheduleDefinition('window', 'rate(10 minutes)', undefined, {
      kind: 'scheduler',
      startMs: Date.parse('2026-11-22T11:00:00Z'),
      endMs: Date.parse('2026-11-22T11:30:00Z'),
    });
    const { timers, scheduler, times } = harness([once, window]);
    scheduler.start();
    await timers.advanceTo('2026-11-22T14:00:00Z');
    expect(times('kes-test-local-once')).toEqual(['2026-11-22T10:30:00.000Z']);
    expect(times('kes-test-local-window')).toEqual([
      '2026-11-22T11:10:00.000Z',
      '2026-11-22T11:20:00.000Z',
      '2026-11-22T11:30:00.000Z',
    ]);
  });

  it('runs within a FLEXIBLE window, at a random time after each slot', async () => {
    const flexible = scheduleDefinition('flex', 'cron(0 * * * ? *)', undefined, {
      kind: 'scheduler',
      flexibleWindowMinutes: 10,
    });
    const { timers, scheduler, times } = harness([flexible], { random: () => 0.5 });
    scheduler.start();
    await timers.advanceTo('2026-11-22T12:30:00Z');
    expect(times('kes-test-local-flex')).toEqual(['2026-11-22T11:05:00.000Z', '2026-11-22T12:05:00.000Z']);
  });
});
