import type { ScheduleDefinition } from './types';

/** The event a scheduled rule sends (`detail-type: Scheduled Event`), as EventBridge shapes it. */
export interface ScheduledEvent {
  version: '0';
  id: string;
  'detail-type': 'Scheduled Event';
  source: 'aws.events' | 'aws.scheduler';
  account: string;
  /** The scheduled time, ISO 8601 to the second (`2026-11-22T10:15:00Z`). */
  time: string;
  region: string;
  resources: string[];
  /** `{}` from a rule; EventBridge Scheduler's default payload carries the string `"{}"`. */
  detail: Record<string, never> | '{}';
}

/**
 * The event of one run of `schedule` at `timeMs`: EventBridge's "Scheduled Event" for a rule
 * (`source: aws.events`, `detail: {}`), or EventBridge Scheduler's default payload for a schedule without
 * `Input` (`source: aws.scheduler`, `detail: "{}"` — a string, as Scheduler sends it).
 *
 * @example
 * scheduledEvent(rule, Date.parse('2026-11-22T10:15:00Z'), randomUUID(), { account: '000000000000', region: 'us-east-1' });
 * // { version: '0', id, 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-11-22T10:15:00Z',
 * //   resources: [rule.arn], detail: {}, … }
 */
export const scheduledEvent = (
  schedule: Pick<ScheduleDefinition, 'kind' | 'arn'>,
  timeMs: number,
  id: string,
  where: { account: string; region: string },
): ScheduledEvent => ({
  version: '0',
  id,
  'detail-type': 'Scheduled Event',
  source: schedule.kind === 'rule' ? 'aws.events' : 'aws.scheduler',
  account: where.account,
  time: new Date(Math.floor(timeMs / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  region: where.region,
  resources: [schedule.arn],
  detail: schedule.kind === 'rule' ? {} : '{}',
});
