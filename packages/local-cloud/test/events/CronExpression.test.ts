import { CronExpression } from '../../src/events/CronExpression';
import { isScheduleExpressionError } from '../../src/events/errors';

/** The next `count` runs after `fromIso`, as ISO strings without milliseconds. */
const runs = (expression: string, fromIso: string, count = 3): string[] => {
  const cron = CronExpression.parse(expression);
  const out: string[] = [];
  let after = Date.parse(fromIso);
  for (let index = 0; index < count; index++) {
    const next = cron.next(after);
    if (next === undefined) break;
    out.push(new Date(next).toISOString().replace('.000Z', 'Z'));
    after = next;
  }
  return out;
};

const reason = (expression: string): string => {
  try {
    CronExpression.parse(expression);
  } catch (error) {
    if (isScheduleExpressionError(error)) return error.reason;
    throw error;
  }
  throw new Error(`${expression} was accepted`);
};

// 2026-11-22 is a Sunday.
describe('CronExpression: the examples of the EventBridge documentation (UTC)', () => {
  it('0 10 * * ? * runs at 10:00 every day', () => {
    expect(runs('cron(0 10 * * ? *)', '2026-11-22T10:00:00Z')).toEqual([
      '2026-11-23T10:00:00Z',
      '2026-11-24T10:00:00Z',
      '2026-11-25T10:00:00Z',
    ]);
  });

  it('15 12 * * ? * runs at 12:15 every day', () => {
    expect(runs('cron(15 12 * * ? *)', '2026-11-22T12:14:59Z', 2)).toEqual([
      '2026-11-22T12:15:00Z',
      '2026-11-23T12:15:00Z',
    ]);
  });

  it('0 18 ? * MON-FRI * runs at 18:00 on weekdays only', () => {
    expect(runs('cron(0 18 ? * MON-FRI *)', '2026-11-20T18:00:00Z', 2)).toEqual([
      '2026-11-23T18:00:00Z',
      '2026-11-24T18:00:00Z',
    ]);
  });

  it('0 8 1 * ? * runs at 8:00 on the first day of every month', () => {
    expect(runs('cron(0 8 1 * ? *)', '2026-11-22T00:00:00Z')).toEqual([
      '2026-12-01T08:00:00Z',
      '2027-01-01T08:00:00Z',
      '2027-02-01T08:00:00Z',
    ]);
  });

  it('0/15 * * * ? * runs every 15 minutes, on the quarter hours', () => {
    expect(runs('cron(0/15 * * * ? *)', '2026-11-22T10:07:30Z')).toEqual([
      '2026-11-22T10:15:00Z',
      '2026-11-22T10:30:00Z',
      '2026-11-22T10:45:00Z',
    ]);
  });

  it('0/5 8-17 ? * MON-FRI * runs every 5 minutes in office hours, 8:00 to 17:55', () => {
    expect(runs('cron(0/5 8-17 ? * MON-FRI *)', '2026-11-20T17:50:00Z')).toEqual([
      '2026-11-20T17:55:00Z',
      '2026-11-23T08:00:00Z',
      '2026-11-23T08:05:00Z',
    ]);
  });

  it('0 9 ? * 2#1 * runs at 9:00 on the first Monday of each month', () => {
    expect(runs('cron(0 9 ? * 2#1 *)', '2026-11-22T00:00:00Z')).toEqual([
      '2026-12-07T09:00:00Z',
      '2027-01-04T09:00:00Z',
      '2027-02-01T09:00:00Z',
    ]);
  });

  it('1/10 in minutes starts at minute 1 (11, 21, 31…), as the documentation says', () => {
    expect(runs('cron(1/10 * * * ? *)', '2026-11-22T10:00:00Z')).toEqual([
      '2026-11-22T10:01:00Z',
      '2026-11-22T10:11:00Z',
      '2026-11-22T10:21:00Z',
    ]);
  });
});

describe('CronExpression: days', () => {
  it('L in day-of-month is the last day of each month, leap years included', () => {
    expect(runs('cron(0 0 L * ? *)', '2028-01-30T00:00:00Z')).toEqual([
      '2028-01-31T00:00:00Z',
      '2028-02-29T00:00:00Z',
      '2028-03-31T00:00:00Z',
    ]);
  });

  it('31 only runs in months that have a 31st', () => {
    expect(runs('cron(0 0 31 * ? *)', '2026-01-31T00:00:00Z')).toEqual([
      '2026-03-31T00:00:00Z',
      '2026-05-31T00:00:00Z',
      '2026-07-31T00:00:00Z',
    ]);
  });

  it('29 FEB runs only in leap years; 30 FEB never', () => {
    expect(runs('cron(0 0 29 FEB ? *)', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2028-02-29T00:00:00Z',
      '2032-02-29T00:00:00Z',
    ]);
    expect(
      CronExpression.parse('cron(0 0 30 2 ? *)').next(Date.parse('2026-01-01T00:00:00Z')),
    ).toBeUndefined();
  });

  it('W is the weekday nearest the day, never leaving the month', () => {
    // 2026-02-15 is a Sunday → Monday 16; 2026-08-01 is a Saturday → Monday 3, not July 31.
    expect(runs('cron(0 0 15W * ? *)', '2026-02-01T00:00:00Z', 2)).toEqual([
      '2026-02-16T00:00:00Z',
      '2026-03-16T00:00:00Z',
    ]);
    expect(runs('cron(0 0 1W * ? *)', '2026-07-31T00:00:00Z', 1)).toEqual(['2026-08-03T00:00:00Z']);
    // 2026-05-31 is a Sunday → Friday 29, not June 1.
    expect(runs('cron(0 0 31W * ? *)', '2026-05-01T00:00:00Z', 1)).toEqual(['2026-05-29T00:00:00Z']);
  });

  it('LW is the last weekday of the month', () => {
    // 2026-01-31 is a Saturday, 2026-02-28 a Saturday, 2026-05-31 a Sunday.
    expect(runs('cron(0 0 LW * ? *)', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-30T00:00:00Z',
      '2026-02-27T00:00:00Z',
    ]);
    expect(runs('cron(0 0 LW * ? *)', '2026-05-01T00:00:00Z', 1)).toEqual(['2026-05-29T00:00:00Z']);
  });

  it('day-of-week counts 1 = SUN to 7 = SAT, and L alone is Saturday', () => {
    expect(runs('cron(0 12 ? * 1 *)', '2026-11-22T12:00:00Z', 1)).toEqual(['2026-11-29T12:00:00Z']);
    expect(runs('cron(0 12 ? * L *)', '2026-11-22T00:00:00Z', 2)).toEqual([
      '2026-11-28T12:00:00Z',
      '2026-12-05T12:00:00Z',
    ]);
  });

  it('6L is the last Friday of the month; FRI#3 the third Friday; names and numbers mix in lists', () => {
    expect(runs('cron(0 12 ? * 6L *)', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2026-01-30T12:00:00Z',
      '2026-02-27T12:00:00Z',
    ]);
    expect(runs('cron(0 12 ? * FRI#3 *)', '2026-11-01T00:00:00Z', 2)).toEqual([
      '2026-11-20T12:00:00Z',
      '2026-12-18T12:00:00Z',
    ]);
    expect(runs('cron(0 12 ? * 2,WED,fri *)', '2026-11-22T00:00:00Z')).toEqual([
      '2026-11-23T12:00:00Z',
      '2026-11-25T12:00:00Z',
      '2026-11-27T12:00:00Z',
    ]);
  });

  it('a fifth weekday (#5) only runs in months that have one', () => {
    // Mondays: 5 in March 2027 (1, 8, 15, 22, 29); none of Dec 2026 – Feb 2027 has a fifth.
    expect(runs('cron(0 0 ? * MON#5 *)', '2026-12-01T00:00:00Z', 1)).toEqual(['2027-03-29T00:00:00Z']);
  });
});

describe('CronExpression: ranges, steps, months and years', () => {
  it('a range may wrap around: 22-2 in hours is 22, 23, 0, 1, 2', () => {
    expect(runs('cron(0 22-2 ? * * *)', '2026-11-22T21:00:00Z', 6)).toEqual([
      '2026-11-22T22:00:00Z',
      '2026-11-22T23:00:00Z',
      '2026-11-23T00:00:00Z',
      '2026-11-23T01:00:00Z',
      '2026-11-23T02:00:00Z',
      '2026-11-23T22:00:00Z',
    ]);
  });

  it('steps apply to ranges and to *', () => {
    expect(runs('cron(10-40/15 * * * ? *)', '2026-11-22T10:00:00Z')).toEqual([
      '2026-11-22T10:10:00Z',
      '2026-11-22T10:25:00Z',
      '2026-11-22T10:40:00Z',
    ]);
    expect(runs('cron(0 */6 * * ? *)', '2026-11-22T00:00:00Z')).toEqual([
      '2026-11-22T06:00:00Z',
      '2026-11-22T12:00:00Z',
      '2026-11-22T18:00:00Z',
    ]);
  });

  it('months by name and by range; the year field ends the schedule', () => {
    expect(runs('cron(0 0 1 JAN,jul ? *)', '2026-11-22T00:00:00Z', 2)).toEqual([
      '2027-01-01T00:00:00Z',
      '2027-07-01T00:00:00Z',
    ]);
    expect(runs('cron(0 0 1 1 ? 2027-2028)', '2026-01-01T00:00:00Z', 3)).toEqual([
      '2027-01-01T00:00:00Z',
      '2028-01-01T00:00:00Z',
    ]);
  });

  it('runs strictly after the given time, to the minute', () => {
    const cron = CronExpression.parse('cron(* * * * ? *)');
    expect(cron.next(Date.parse('2026-11-22T10:00:00Z'))).toBe(Date.parse('2026-11-22T10:01:00Z'));
    expect(cron.next(Date.parse('2026-11-22T10:00:59.999Z'))).toBe(Date.parse('2026-11-22T10:01:00Z'));
  });

  it('crosses a year end', () => {
    expect(runs('cron(59 23 31 12 ? *)', '2026-12-31T23:59:00Z', 1)).toEqual(['2027-12-31T23:59:00Z']);
  });
});

describe('CronExpression: expressions EventBridge refuses', () => {
  it.each([
    ['cron(0 10 * * * *)', /exactly one of day-of-month and day-of-week must be "\?"/],
    ['cron(0 10 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(0 10 * * ?)', /6 fields .* not 5/],
    ['cron(0 10 * * ? * *)', /not 7/],
    ['cron(60 10 * * ? *)', /minutes: 60 is not in 0-59/],
    ['cron(0 24 * * ? *)', /hours: 24 is not in 0-23/],
    ['cron(0 0 0 * ? *)', /day-of-month: 0 is not in 1-31/],
    ['cron(0 0 1 13 ? *)', /month: 13 is not in 1-12/],
    ['cron(0 0 ? * 8 *)', /day-of-week: 8 is not in 1-7/],
    ['cron(0 10 * * ? 1969)', /year: 1969 is not in 1970-2199/],
    ['cron(0 10 * FOO ? *)', /month: "FOO" is not a number or one of JAN-DEC/],
    ['cron(0 10 ? * 2#6 *)', /<day>#<1-5>/],
    ['cron(0/0 * * * ? *)', /increment in "0\/0" must be 1-60/],
    ['cron(? 10 * * ? *)', /minutes: "\?" is only allowed in day-of-month or day-of-week/],
    ['cron(0 10 abc * ? *)', /day-of-month: "abc" is not a number/],
    ['cron(0 10 * * ? 2030-2029)', /year: the range "2030-2029" ends before it starts/],
    ['cron(0 10 1-2-3 * ? *)', /"1-2-3" is not a valid range/],
    ['cron(1.5 * * * ? *)', /minutes: "1.5" is not a number/],
  ])('%s', (expression, why) => {
    expect(reason(expression)).toMatch(why);
  });

  it('says which expression is wrong in the message', () => {
    expect(() => CronExpression.parse('cron(0 10 * * * *)')).toThrow(
      'ScheduleExpression "cron(0 10 * * * *)" is not valid: day-of-month: exactly one of',
    );
  });
});
