import { ScheduleExpression } from '../../src/events/ScheduleExpression';

const ms = (iso: string) => Date.parse(iso);
const iso = (value: number | undefined) => (value === undefined ? undefined : new Date(value).toISOString());

describe('ScheduleExpression: rate', () => {
  const created = ms('2026-11-22T10:00:20Z');

  it('runs one period after the rule was created, then every period (not aligned to the clock)', () => {
    const rate = ScheduleExpression.parse('rate(5 minutes)');
    expect(iso(rate.next(created, created))).toBe('2026-11-22T10:05:20.000Z');
    expect(iso(rate.next(ms('2026-11-22T10:05:20Z'), created))).toBe('2026-11-22T10:10:20.000Z');
    expect(iso(rate.next(ms('2026-11-22T10:07:00Z'), created))).toBe('2026-11-22T10:10:20.000Z');
  });

  it('keeps its phase however long ago the rule was created (a restart resumes the same grid)', () => {
    const daily = ScheduleExpression.parse('rate(1 day)');
    expect(iso(daily.next(ms('2026-12-25T09:00:00Z'), created))).toBe('2026-12-25T10:00:20.000Z');
  });

  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(15 minutes)', 900_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(2 hours)', 7_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(7 days)', 604_800_000],
  ])('%s is %d ms', (text, periodMs) => {
    expect(ScheduleExpression.parse(text).periodMs).toBe(periodMs);
  });

  it.each([
    ['rate(1 minutes)', 'use the singular unit with 1: rate(1 minute)'],
    ['rate(5 minute)', 'use the plural unit: rate(5 minutes)'],
    ['rate(0 minutes)', 'the value "0" must be a positive whole number'],
    ['rate(-1 minutes)', 'the value "-1" must be a positive whole number'],
    ['rate(1.5 hours)', 'the value "1.5" must be a positive whole number'],
    ['rate(2 weeks)', 'the unit "weeks" must be minute(s), hour(s) or day(s)'],
    ['rate(5)', 'expected rate(value unit), e.g. rate(5 minutes)'],
  ])('refuses %s: %s', (text, reason) => {
    expect(() => ScheduleExpression.parse(text)).toThrow(
      `ScheduleExpression "${text}" is not valid: ${reason}`,
    );
  });

  it('refuses text that is no expression, and at() outside EventBridge Scheduler', () => {
    expect(() => ScheduleExpression.parse('every 5 minutes')).toThrow('expected rate(…) or cron(…)');
    expect(() => ScheduleExpression.parse('at(2026-12-01T09:30:00)')).toThrow('expected rate(…) or cron(…)');
  });
});

describe('ScheduleExpression: at (EventBridge Scheduler, one time)', () => {
  const at = ScheduleExpression.parse('at(2026-12-01T09:30:00)', { allowAt: true });

  it('runs once, at its time, and never after', () => {
    expect(iso(at.next(ms('2026-11-22T00:00:00Z'), 0))).toBe('2026-12-01T09:30:00.000Z');
    expect(at.next(ms('2026-12-01T09:30:00Z'), 0)).toBeUndefined();
  });

  it('reads the time in the schedule’s time zone', () => {
    expect(iso(at.next(ms('2026-11-22T00:00:00Z'), 0, 'Europe/Paris'))).toBe('2026-12-01T08:30:00.000Z');
  });

  it('refuses a date that does not exist', () => {
    expect(() => ScheduleExpression.parse('at(2026-02-30T09:30:00)', { allowAt: true })).toThrow(
      'not a valid date and time',
    );
  });
});

describe('ScheduleExpression: cron in a time zone (EventBridge Scheduler)', () => {
  it('runs at the wall-clock time of the zone, following daylight saving time', () => {
    const nineInParis = ScheduleExpression.parse('cron(0 9 * * ? *)');
    expect(iso(nineInParis.next(ms('2026-07-01T00:00:00Z'), 0, 'Europe/Paris'))).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(iso(nineInParis.next(ms('2026-12-01T00:00:00Z'), 0, 'Europe/Paris'))).toBe(
      '2026-12-01T08:00:00.000Z',
    );
  });

  it('a time skipped by the spring-forward jump runs shifted by the jump; other days as usual', () => {
    const cron = ScheduleExpression.parse('cron(30 2 * * ? *)');
    // New York, 2027-03-14: 02:00 EST jumps to 03:00 EDT; 02:30 does not exist that night.
    expect(iso(cron.next(ms('2027-03-13T08:00:00Z'), 0, 'America/New_York'))).toBe(
      '2027-03-14T07:30:00.000Z',
    );
    expect(iso(cron.next(ms('2027-03-14T08:00:00Z'), 0, 'America/New_York'))).toBe(
      '2027-03-15T06:30:00.000Z',
    );
  });

  it('a time repeated by the fall-back hour runs once, the first time', () => {
    const cron = ScheduleExpression.parse('cron(30 1 * * ? *)');
    // New York, 2027-11-07: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    const first = cron.next(ms('2027-11-07T00:00:00Z'), 0, 'America/New_York');
    expect(iso(first)).toBe('2027-11-07T05:30:00.000Z');
    expect(iso(cron.next(first as number, 0, 'America/New_York'))).toBe('2027-11-08T06:30:00.000Z');
  });

  it('UTC (or no zone) reads the expression as EventBridge rules do', () => {
    const cron = ScheduleExpression.parse('cron(0 9 * * ? *)');
    expect(cron.next(ms('2026-07-01T00:00:00Z'), 0, 'UTC')).toBe(cron.next(ms('2026-07-01T00:00:00Z'), 0));
  });
});
