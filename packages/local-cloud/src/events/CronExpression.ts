import {
  CronFieldError,
  DAYS_OF_MONTH,
  type DayOfMonthField,
  type DayOfWeekField,
  HOURS,
  MINUTES,
  MONTH,
  parseDayOfMonth,
  parseDayOfWeek,
  parseField,
  YEAR,
} from './cronFields';
import { ScheduleExpressionError } from './errors';

const MINUTE_MS = 60_000;
/** More steps than any expression needs to find its next run before 2199 (days × a few): a safety net. */
const MAX_STEPS = 1_000_000;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
/** 0 = Sunday … 6 = Saturday. */
const weekdayOf = (year: number, month: number, day: number): number =>
  new Date(Date.UTC(year, month - 1, day)).getUTCDay();

/** `15W`: the weekday nearest the 15th, never leaving the month (Quartz's rule, which EventBridge follows). */
const nearestWeekday = (year: number, month: number, day: number): number | undefined => {
  const last = daysInMonth(year, month);
  if (day > last) return undefined;
  const weekday = weekdayOf(year, month, day);
  if (weekday === 6) return day === 1 ? 3 : day - 1;
  if (weekday === 0) return day === last ? day - 2 : day + 1;
  return day;
};

const lastWeekday = (year: number, month: number): number => {
  const last = daysInMonth(year, month);
  const weekday = weekdayOf(year, month, last);
  return weekday === 6 ? last - 1 : weekday === 0 ? last - 2 : last;
};

/**
 * An EventBridge cron expression, `cron(minutes hours day-of-month month day-of-week year)`, evaluated as
 * AWS defines it: six fields, `, - * /` everywhere, `?` in exactly one of the two day fields, `L` and
 * `W` in day-of-month, `L` and `#` in day-of-week (1 = SUN … 7 = SAT), months and weekdays by name,
 * years 1970–2199. Times are wall-clock times: UTC for rules (the caller converts for a Scheduler
 * schedule's time zone).
 *
 * @example
 * const cron = CronExpression.parse('cron(0 9 ? * MON#1 *)'); // 09:00 UTC on the first Monday of each month
 * new Date(cron.next(Date.parse('2026-11-22T00:00:00Z')) ?? 0).toISOString(); // '2026-12-07T09:00:00.000Z'
 */
export class CronExpression {
  public readonly text: string;
  readonly #minutes: Set<number>;
  readonly #hours: Set<number>;
  readonly #dayOfMonth: DayOfMonthField | undefined;
  readonly #months: Set<number>;
  readonly #dayOfWeek: DayOfWeekField | undefined;
  readonly #years: number[];

  private constructor(text: string, fields: string[]) {
    this.text = text;
    const [minutes = '', hours = '', dayOfMonth = '', month = '', dayOfWeek = '', year = ''] = fields;
    if ((dayOfMonth === '?') === (dayOfWeek === '?'))
      throw new CronFieldError(
        DAYS_OF_MONTH,
        'exactly one of day-of-month and day-of-week must be "?" (EventBridge cannot combine them)',
      );
    const plain: Array<[string, string]> = [
      ['minutes', minutes],
      ['hours', hours],
      ['month', month],
      ['year', year],
    ];
    for (const [label, value] of plain)
      if (value.includes('?'))
        throw new Error(`${label}: "?" is only allowed in day-of-month or day-of-week`);
    this.#minutes = parseField(minutes, MINUTES);
    this.#hours = parseField(hours, HOURS);
    this.#dayOfMonth = dayOfMonth === '?' ? undefined : parseDayOfMonth(dayOfMonth);
    this.#months = parseField(month, MONTH);
    this.#dayOfWeek = dayOfWeek === '?' ? undefined : parseDayOfWeek(dayOfWeek);
    this.#years = [...parseField(year, YEAR)].sort((a, b) => a - b);
  }

  /** Parses `cron(…)`; throws ScheduleExpressionError saying which field is wrong and why. */
  public static parse(text: string): CronExpression {
    const inner = /^cron\((.*)\)$/.exec(text.trim())?.[1];
    if (inner === undefined) throw new ScheduleExpressionError(text, 'expected cron(fields)');
    const fields = inner.trim().split(/\s+/);
    if (fields.length !== 6)
      throw new ScheduleExpressionError(
        text,
        `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), not ${fields.length}`,
      );
    try {
      return new CronExpression(text, fields);
    } catch (error) {
      throw new ScheduleExpressionError(text, (error as Error).message);
    }
  }

  /** The first minute strictly after `afterMs` (wall-clock ms) that matches, or undefined if none before 2200. */
  public next(afterMs: number): number | undefined {
    let at = new Date(Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
    for (let step = 0; step < MAX_STEPS; step++) {
      const year = at.getUTCFullYear();
      const month = at.getUTCMonth() + 1;
      const day = at.getUTCDate();
      const hour = at.getUTCHours();
      const minute = at.getUTCMinutes();
      if (!this.#years.includes(year)) {
        const nextYear = this.#years.find((candidate) => candidate > year);
        if (nextYear === undefined) return undefined;
        at = new Date(Date.UTC(nextYear, 0, 1));
      } else if (!this.#months.has(month)) at = new Date(Date.UTC(year, month, 1));
      else if (!this.#dayMatches(year, month, day)) at = new Date(Date.UTC(year, month - 1, day + 1));
      else if (!this.#hours.has(hour)) at = new Date(Date.UTC(year, month - 1, day, hour + 1));
      else if (!this.#minutes.has(minute)) at = new Date(Date.UTC(year, month - 1, day, hour, minute + 1));
      else return at.getTime();
    }
    return undefined;
  }

  #dayMatches(year: number, month: number, day: number): boolean {
    const dom = this.#dayOfMonth;
    if (dom) {
      return (
        dom.days.has(day) ||
        (dom.last && day === daysInMonth(year, month)) ||
        (dom.lastWeekday && day === lastWeekday(year, month)) ||
        dom.nearestWeekday.some((target) => nearestWeekday(year, month, target) === day)
      );
    }
    const dow = this.#dayOfWeek;
    if (!dow) return false;
    const weekday = weekdayOf(year, month, day) + 1;
    return (
      dow.days.has(weekday) ||
      dow.lastOfMonth.some((target) => target === weekday && day + 7 > daysInMonth(year, month)) ||
      dow.nth.some(({ day: target, n }) => target === weekday && Math.ceil(day / 7) === n)
    );
  }
}
