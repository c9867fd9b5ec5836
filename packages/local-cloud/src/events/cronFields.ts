/** One numeric field of a cron expression: its name in messages, bounds, names, and whether it wraps. */
interface FieldShape {
  label: string;
  min: number;
  max: number;
  names?: readonly string[];
  /** Whether a range may wrap around (`22-2` hours, `FRI-MON`), as in Quartz, whose syntax EventBridge uses. */
  cyclic: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export const MINUTES: FieldShape = { label: 'minutes', min: 0, max: 59, cyclic: true };
export const HOURS: FieldShape = { label: 'hours', min: 0, max: 23, cyclic: true };
export const DAYS_OF_MONTH: FieldShape = { label: 'day-of-month', min: 1, max: 31, cyclic: true };
export const MONTH: FieldShape = { label: 'month', min: 1, max: 12, names: MONTHS, cyclic: true };
/** 1 = Sunday … 7 = Saturday, as EventBridge (not Unix cron's 0 = Sunday). */
export const DAYS_OF_WEEK: FieldShape = {
  label: 'day-of-week',
  min: 1,
  max: 7,
  names: WEEKDAYS,
  cyclic: true,
};
export const YEAR: FieldShape = { label: 'year', min: 1970, max: 2199, cyclic: false };

/** A cron field that is wrong, with why; CronExpression turns it into a ScheduleExpressionError. */
export class CronFieldError extends Error {
  public constructor(field: FieldShape, reason: string) {
    super(`${field.label}: ${reason}`);
    this.name = 'CronFieldError';
  }
}

/** A single value: digits or (month, day-of-week) a name such as `JAN` or `MON`, within the bounds. */
export const parseValue = (text: string, field: FieldShape): number => {
  const name = field.names?.indexOf(text.toUpperCase()) ?? -1;
  const value = name >= 0 ? field.min + name : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (Number.isNaN(value)) throw new CronFieldError(field, `"${text}" is not a number${namesHint(field)}`);
  if (value < field.min || value > field.max)
    throw new CronFieldError(field, `${value} is not in ${field.min}-${field.max}`);
  return value;
};

const namesHint = (field: FieldShape): string =>
  field.names ? ` or one of ${field.names[0]}-${field.names.at(-1)}` : '';

/**
 * The values of one term: `*`, `5`, `1-15`, `0/15` (0 then every 15), `8-17/2`, `*` with an increment, or
 * a wrapping range such as `22-2` (22, 23, 0, 1, 2).
 */
const parseTerm = (term: string, field: FieldShape): number[] => {
  const [range = '', stepText, extra] = term.split('/');
  if (extra !== undefined || range === '') throw new CronFieldError(field, `"${term}" is not a valid term`);
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) < 1 || Number(stepText) > field.max - field.min + 1)
      throw new CronFieldError(field, `the increment in "${term}" must be 1-${field.max - field.min + 1}`);
    step = Number(stepText);
  }
  let start: number;
  let end: number;
  if (range === '*') {
    start = field.min;
    end = field.max;
  } else if (range.includes('-')) {
    const [from = '', to = '', more] = range.split('-');
    if (more !== undefined) throw new CronFieldError(field, `"${term}" is not a valid range`);
    start = parseValue(from, field);
    end = parseValue(to, field);
    if (end < start && !field.cyclic)
      throw new CronFieldError(field, `the range "${range}" ends before it starts`);
  } else {
    start = parseValue(range, field);
    // `0/15` runs from 0 to the end of the field; a lone `5` is just 5.
    end = stepText === undefined ? start : field.max;
  }
  const span = field.max - field.min + 1;
  const count = ((end - start + span) % span) + 1;
  const values: number[] = [];
  for (let offset = 0; offset < count; offset += step) {
    values.push(field.min + ((start - field.min + offset) % span));
  }
  return values;
};

/** A plain field (minutes, hours, month, year, and the plain terms of the day fields): its set of values. */
export const parseField = (text: string, field: FieldShape): Set<number> => {
  const values = new Set<number>();
  for (const term of text.split(',')) for (const value of parseTerm(term, field)) values.add(value);
  return values;
};

/** Day-of-month: plain values plus `L` (last day), `LW` (last weekday) and `15W` (weekday nearest the 15th). */
export interface DayOfMonthField {
  days: Set<number>;
  last: boolean;
  lastWeekday: boolean;
  nearestWeekday: number[];
}

export const parseDayOfMonth = (text: string): DayOfMonthField => {
  const result: DayOfMonthField = { days: new Set(), last: false, lastWeekday: false, nearestWeekday: [] };
  for (const term of text.split(',')) {
    const upper = term.toUpperCase();
    if (upper === 'L') result.last = true;
    else if (upper === 'LW') result.lastWeekday = true;
    else if (upper.endsWith('W')) result.nearestWeekday.push(parseValue(upper.slice(0, -1), DAYS_OF_MONTH));
    else for (const day of parseTerm(term, DAYS_OF_MONTH)) result.days.add(day);
  }
  return result;
};

/** Day-of-week: plain values plus `L` (Saturday), `6L` (last Friday of the month) and `2#1` (first Monday). */
export interface DayOfWeekField {
  days: Set<number>;
  lastOfMonth: number[];
  nth: Array<{ day: number; n: number }>;
}

export const parseDayOfWeek = (text: string): DayOfWeekField => {
  const result: DayOfWeekField = { days: new Set(), lastOfMonth: [], nth: [] };
  for (const term of text.split(',')) {
    const upper = term.toUpperCase();
    if (upper === 'L') result.days.add(DAYS_OF_WEEK.max);
    else if (upper.endsWith('L')) result.lastOfMonth.push(parseValue(upper.slice(0, -1), DAYS_OF_WEEK));
    else if (upper.includes('#')) {
      const [day = '', n = '', more] = upper.split('#');
      if (more !== undefined || !/^[1-5]$/.test(n))
        throw new CronFieldError(DAYS_OF_WEEK, `"${term}" must be <day>#<1-5>, e.g. MON#1`);
      result.nth.push({ day: parseValue(day, DAYS_OF_WEEK), n: Number(n) });
    } else for (const day of parseTerm(term, DAYS_OF_WEEK)) result.days.add(day);
  }
  return result;
};
