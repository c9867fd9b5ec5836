import { randomUUID } from 'node:crypto';
import type { AsyncInvoker } from './AsyncInvoker';
import { type DeliveryStats, deliverToTarget, type TargetRun } from './deliverToTarget';
import { ScheduleAnchors } from './ScheduleAnchors';
import { type ScheduledEvent, scheduledEvent } from './scheduledEvent';
import { realTimers, type Timers } from './timers';
import type { ScheduleDefinition } from './types';

export type { TargetRun } from './deliverToTarget';

/** setTimeout's longest delay (~24.8 days): a later run is reached in several waits. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface EventSchedulerOptions {
  schedules: ScheduleDefinition[];
  /** Lambda's asynchronous invocation (retries included) of the local functions. */
  invoker: AsyncInvoker;
  account: string;
  region: string;
  timers?: Timers;
  /** Creation times kept across restarts (rates count from them); in memory by default. */
  anchors?: ScheduleAnchors;
  newId?: () => string;
  /** Where in a FLEXIBLE window a run falls (0 ≤ x < 1); Math.random by default. */
  random?: () => number;
  /** Every attempt, one line each (the schedules log). */
  log?: (line: string) => void;
  /** Invocations that failed for good, for the person watching. */
  notice?: (message: string) => void;
}

/** Live figures of a schedule (`GET /schedules` on the control endpoint). */
export interface ScheduleStats {
  name: string;
  kind: ScheduleDefinition['kind'];
  arn: string;
  stackName: string;
  logicalId: string;
  expression: string;
  timeZone: string;
  state: 'ENABLED' | 'DISABLED';
  targets: Array<{ id: string; functionName: string }>;
  /** ISO time of the next run by the clock; null when the clock is off, the schedule disabled or done. */
  nextRunAt: string | null;
  lastRunAt: string | null;
  runs: number;
  invocations: number;
  failedInvocations: number;
  retries: number;
}

interface Entry {
  schedule: ScheduleDefinition;
  anchorMs: number;
  timer?: unknown;
  nextRunMs?: number;
  stats: DeliveryStats & Pick<ScheduleStats, 'lastRunAt' | 'runs'>;
}

/**
 * The templates' schedules (EventBridge scheduled rules and EventBridge Scheduler schedules) on a clock:
 * each enabled schedule runs at its expression's times and invokes its Lambda targets asynchronously
 * with EventBridge's "Scheduled Event" (or the target's `Input`, `InputPath`, `InputTransformer`), Lambda's
 * async retries included. `start()` turns the clock on; without it schedules only run when asked (`run`).
 *
 * @example
 * const scheduler = new EventScheduler({ schedules, invoker: new AsyncInvoker({ invoke, timers: realTimers }), account, region });
 * scheduler.start();                      // rate(1 minute): a minute after creation, then every minute
 * await scheduler.run('kes-ingestion-acme-local-TickEventsRuleSchedule1-…'); // now, whatever the clock
 * scheduler.stop();
 */
export class EventScheduler {
  readonly #options: EventSchedulerOptions;
  readonly #timers: Timers;
  readonly #entries: Entry[];
  #running = false;

  public constructor(options: EventSchedulerOptions) {
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
    const anchors = options.anchors ?? new ScheduleAnchors();
    const now = this.#timers.now();
    this.#entries = options.schedules.map((schedule) => ({
      schedule,
      // A Scheduler schedule with a StartDate counts its rate from there.
      anchorMs: schedule.startMs ?? anchors.anchor(schedule.arn, schedule.expression.text, now),
      stats: { lastRunAt: null, runs: 0, invocations: 0, failedInvocations: 0, retries: 0 },
    }));
  }

  /** Whether the clock runs the schedules. */
  public get running(): boolean {
    return this.#running;
  }

  /** Turns the clock on: every enabled schedule waits for its next run. */
  public start(): void {
    if (this.#running) return;
    this.#running = true;
    for (const entry of this.#entries) if (entry.schedule.enabled) this.#arm(entry, this.#timers.now());
  }

  /** Turns the clock off and cancels waiting retries; invocations under way finish. */
  public stop(): void {
    this.#running = false;
    for (const entry of this.#entries) this.#disarm(entry);
    this.#options.invoker.stop();
  }

  public list(): ScheduleStats[] {
    return this.#entries.map(({ schedule, nextRunMs, stats }) => ({
      name: schedule.name,
      kind: schedule.kind,
      arn: schedule.arn,
      stackName: schedule.stackName,
      logicalId: schedule.logicalId,
      expression: schedule.expression.text,
      timeZone: schedule.timeZone ?? 'UTC',
      state: schedule.enabled ? 'ENABLED' : 'DISABLED',
      targets: schedule.targets.map(({ id, functionName }) => ({ id, functionName })),
      nextRunAt: nextRunMs === undefined ? null : new Date(nextRunMs).toISOString(),
      ...stats,
    }));
  }

  /**
   * The schedules `reference` names: its name or ARN (one), else every schedule with that logical id or
   * `<stack>.<logicalId>` (several when compose entries share a service, e.g. one ingestion per provider).
   */
  public matching(reference: string): ScheduleDefinition[] {
    const schedules = this.#entries.map(({ schedule }) => schedule);
    const exact = schedules.filter((s) => s.name === reference || s.arn === reference);
    if (exact.length > 0) return exact;
    return schedules.filter(
      (s) => s.logicalId === reference || `${s.stackName}.${s.logicalId}` === reference,
    );
  }

  /**
   * Runs a schedule now, enabled or not, as its clock would: the same event to every target,
   * asynchronously with retries. Resolves with each target's first attempt; undefined unless `reference`
   * names exactly one schedule.
   */
  public async run(reference: string): Promise<{ event: ScheduledEvent; targets: TargetRun[] } | undefined> {
    const [schedule, ...others] = this.matching(reference);
    const entry =
      others.length === 0 ? this.#entries.find((candidate) => candidate.schedule === schedule) : undefined;
    return entry ? this.#fire(entry, this.#timers.now()) : undefined;
  }

  #arm(entry: Entry, afterMs: number): void {
    const { schedule } = entry;
    const from = Math.max(afterMs, (schedule.startMs ?? Number.NEGATIVE_INFINITY) - 1);
    const next = schedule.expression.next(from, entry.anchorMs, schedule.timeZone);
    if (next === undefined || (schedule.endMs !== undefined && next > schedule.endMs)) {
      entry.nextRunMs = undefined;
      return;
    }
    const windowMs = (schedule.flexibleWindowMinutes ?? 0) * 60_000;
    const runAt = next + Math.floor((this.#options.random ?? Math.random)() * windowMs);
    entry.nextRunMs = runAt;
    this.#wait(entry, runAt, next);
  }

  #wait(entry: Entry, runAt: number, slot: number): void {
    const delay = runAt - this.#timers.now();
    entry.timer = this.#timers.setTimeout(
      () => {
        entry.timer = undefined;
        if (!this.#running) return;
        if (this.#timers.now() < runAt) return this.#wait(entry, runAt, slot);
        void this.#fire(entry, runAt);
        // From the slot, not from now: a run late by less than its window skips nothing; a clock that
        // jumped (a laptop asleep) skips the runs it missed instead of firing them all at once.
        const windowMs = (entry.schedule.flexibleWindowMinutes ?? 0) * 60_000;
        this.#arm(entry, Math.max(slot, this.#timers.now() - windowMs));
      },
      Math.max(0, Math.min(delay, MAX_TIMER_MS)),
    );
  }

  #disarm(entry: Entry): void {
    if (entry.timer !== undefined) this.#timers.clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.nextRunMs = undefined;
  }

  async #fire(entry: Entry, timeMs: number): Promise<{ event: ScheduledEvent; targets: TargetRun[] }> {
    const { schedule, stats } = entry;
    const { account, region, invoker, log, notice } = this.#options;
    const event = scheduledEvent(schedule, timeMs, (this.#options.newId ?? randomUUID)(), {
      account,
      region,
    });
    stats.runs += 1;
    stats.lastRunAt = event.time;
    const targets = await Promise.all(
      schedule.targets.map((target) =>
        deliverToTarget({ schedule, target, event, invoker, stats, log, notice }),
      ),
    );
    return { event, targets };
  }
}
