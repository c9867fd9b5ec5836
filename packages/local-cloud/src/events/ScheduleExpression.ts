import { CronExpression } from './CronExpression';
import { ScheduleExpressionError } from './errors';
import { fromWallClock, toWallClock } from './zonedTime';

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** `rate(5 minutes)`: value a positive whole number, unit singular for 1 and plural otherwise (AWS's rule). */
const parseRate = (text: string): number => {
  const match = /^rate\(\s*(\S+)\s+(\S+)\s*\)$/.exec(text.trim());
  if (!match) throw new ScheduleExpressionError(text, 'expected rate(value unit), e.g. rate(5 minutes)');
  const [, valueText = '', unitText = ''] = match;
  if (!/^\d+$/.test(valueText) || Number(valueText) < 1)
    throw new ScheduleExpressionError(text, `the value "${valueText}" must be a positive whole number`);
  const value = Number(valueText);
  const unit = unitText.replace(/s$/, '') as keyof typeof UNIT_MS;
  if (!(unit in UNIT_MS))
    throw new ScheduleExpressionError(text, `the unit "${unitText}" must be minute(s), hour(s) or day(s)`);
  const plural = unitText.endsWith('s');
  if (plural !== value > 1)
    throw new ScheduleExpressionError(
      text,
      value === 1
        ? `use the singular unit with 1: rate(1 ${unit})`
        : `use the plural unit: rate(${value} ${unit}s)`,
    );
  return value * UNIT_MS[unit];
};

/** `at(2026-12-01T09:30:00)` (EventBridge Scheduler's one-time schedules): wall-clock ms. */
const parseAt = (text: string): number => {
  const match = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(text.trim());
  if (!match) throw new ScheduleExpressionError(text, 'expected at(yyyy-mm-ddThh:mm:ss)');
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as number[];
  const wall = Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second);
  const back = new Date(wall);
  if (back.getUTCMonth() + 1 !== month || back.getUTCDate() !== day || (hour ?? 0) > 23 || (minute ?? 0) > 59)
    throw new ScheduleExpressionError(text, 'not a valid date and time');
  return wall;
};

/**
 * A parsed `ScheduleExpression`: `rate(…)` and `cron(…)` (EventBridge rules and Scheduler schedules), and
 * `at(…)` (Scheduler's one-time schedules, when `allowAt`). Invalid text throws ScheduleExpressionError.
 *
 * @example
 * const every5 = ScheduleExpression.parse('rate(5 minutes)');
 * every5.next(Date.parse('2026-11-22T10:03:00Z'), Date.parse('2026-11-22T10:00:00Z')); // 10:05 (anchor + 5 min)
 */
export class ScheduleExpression {
  public readonly text: string;
  public readonly kind: 'rate' | 'cron' | 'at';
  readonly #periodMs: number;
  readonly #cron: CronExpression | undefined;
  readonly #atWallMs: number;

  private constructor(
    text: string,
    kind: 'rate' | 'cron' | 'at',
    parts: { periodMs?: number; cron?: CronExpression; atWallMs?: number },
  ) {
    this.text = text;
    this.kind = kind;
    this.#periodMs = parts.periodMs ?? 0;
    this.#cron = parts.cron;
    this.#atWallMs = parts.atWallMs ?? 0;
  }

  public static parse(text: string, options: { allowAt?: boolean } = {}): ScheduleExpression {
    const trimmed = text.trim();
    if (trimmed.startsWith('rate('))
      return new ScheduleExpression(trimmed, 'rate', { periodMs: parseRate(trimmed) });
    if (trimmed.startsWith('cron('))
      return new ScheduleExpression(trimmed, 'cron', { cron: CronExpression.parse(trimmed) });
    if (options.allowAt && trimmed.startsWith('at('))
      return new ScheduleExpression(trimmed, 'at', { atWallMs: parseAt(trimmed) });
    throw new ScheduleExpressionError(
      text,
      options.allowAt ? 'expected rate(…), cron(…) or at(…)' : 'expected rate(…) or cron(…)',
    );
  }

  /** A rate's period in ms (0 for cron and at). */
  public get periodMs(): number {
    return this.#periodMs;
  }

  /**
   * The first run strictly after `afterMs`, or undefined when there is none. A rate runs every period
   * from `anchorMs` (when the rule was created: the first run is one period later); cron and at read
   * wall-clock time in `timeZone` (UTC when omitted, as EventBridge rules always are).
   */
  public next(afterMs: number, anchorMs: number, timeZone?: string): number | undefined {
    if (this.kind === 'rate') {
      const periods = Math.max(0, Math.floor((afterMs - anchorMs) / this.#periodMs)) + 1;
      return anchorMs + periods * this.#periodMs;
    }
    const zone = timeZone && timeZone !== 'UTC' ? timeZone : undefined;
    if (this.kind === 'at') {
      const at = zone ? fromWallClock(this.#atWallMs, zone) : this.#atWallMs;
      return at > afterMs ? at : undefined;
    }
    const cron = this.#cron as CronExpression;
    if (!zone) return cron.next(afterMs);
    // In a zone: find the next wall-clock match, then the instant it happens; skip matches that fall in a
    // repeated (daylight-saving) hour already passed.
    let wall = toWallClock(afterMs, zone);
    for (let attempt = 0; attempt < 4; attempt++) {
      const candidate = cron.next(wall);
      if (candidate === undefined) return undefined;
      const instant = fromWallClock(candidate, zone);
      if (instant > afterMs) return instant;
      wall = candidate;
    }
    return undefined;
  }
}
