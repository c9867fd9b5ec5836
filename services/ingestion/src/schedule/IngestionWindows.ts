import { WindowSpecError } from '../errors';
import { DAY_NAMES, type WindowSpec, type WindowSpecInput, windowSpecSchema } from './windowSpec';

const MINUTE = 60_000;
const WEEK_MINUTES = 7 * 1440;
/** nextAllowed looks this far ahead: a week covers every weekly pattern, plus a day for DST shifts. */
const HORIZON_MINUTES = WEEK_MINUTES + 1440;

/** Whether the provider may be called at an instant, and if not, why. */
export type WindowCheck =
  | { allowed: true }
  | { allowed: false; reason: 'maintenance'; window: string }
  | { allowed: false; reason: 'off-peak-only'; windows: string[] };

/** Local wall-clock time of an instant in a zone: day of the week (0 = Sunday) and minute of the day. */
export interface LocalTime {
  day: number;
  minute: number;
}

/**
 * When a provider may be called: inside one of its daily off-peak windows (none = any time) and outside
 * its weekly maintenance window(s), in the deployment's time zone. Windows are wall-clock times, so a
 * window keeps its local hours across DST changes: on a spring-forward day a window inside the skipped
 * hour does not happen, on a fall-back day the repeated hour is inside it twice.
 *
 * @example
 * const windows = IngestionWindows.parse({ offPeakWindows: '22:00-06:00', maintenanceWindow: 'Sun 02:00-04:00' });
 * windows.check(Date.parse('2026-11-22T03:00:00Z')); // { allowed: false, reason: 'maintenance', window: 'Sun 02:00-04:00' }
 * new Date(windows.nextAllowed(Date.parse('2026-11-22T03:00:00Z'))).toISOString(); // '2026-11-22T04:00:00.000Z'
 */
export class IngestionWindows {
  readonly spec: WindowSpec;
  readonly #format: Intl.DateTimeFormat | undefined;

  public constructor(spec: WindowSpec) {
    this.spec = spec;
    this.#format =
      spec.timeZone === 'UTC'
        ? undefined
        : new Intl.DateTimeFormat('en-US', {
            timeZone: spec.timeZone,
            weekday: 'short',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          });
  }

  /** Reads the params; throws {@link WindowSpecError} listing every problem. */
  public static parse(input: WindowSpecInput): IngestionWindows {
    const parsed = windowSpecSchema.safeParse(input);
    if (!parsed.success) throw new WindowSpecError(parsed.error.issues.map((issue) => issue.message));
    return new IngestionWindows(parsed.data);
  }

  /** True when nothing restricts calls (no off-peak windows, no maintenance). */
  public get unrestricted(): boolean {
    return this.spec.offPeakWindows.length === 0 && this.spec.maintenanceWindow.length === 0;
  }

  public localTime(at: number): LocalTime {
    if (!this.#format) {
      const date = new Date(at);
      return { day: date.getUTCDay(), minute: date.getUTCHours() * 60 + date.getUTCMinutes() };
    }
    let day = 0;
    let minute = 0;
    for (const part of this.#format.formatToParts(at)) {
      if (part.type === 'weekday') day = DAY_NAMES.indexOf(part.value as (typeof DAY_NAMES)[number]);
      else if (part.type === 'hour') minute += Number(part.value) * 60;
      else if (part.type === 'minute') minute += Number(part.value);
    }
    return { day, minute };
  }

  public check(at: number): WindowCheck {
    const { day, minute } = this.localTime(at);
    const ofWeek = day * 1440 + minute;
    for (const window of this.spec.maintenanceWindow) {
      const since =
        (((ofWeek - (window.day * 1440 + window.start)) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES;
      if (since < window.durationMinutes)
        return { allowed: false, reason: 'maintenance', window: window.text };
    }
    const offPeak = this.spec.offPeakWindows;
    const inside = offPeak.some(({ start, end }) =>
      start < end ? minute >= start && minute < end : minute >= start || minute < end,
    );
    if (offPeak.length > 0 && !inside)
      return { allowed: false, reason: 'off-peak-only', windows: offPeak.map((window) => window.text) };
    return { allowed: true };
  }

  public isAllowed(at: number): boolean {
    return this.check(at).allowed;
  }

  /**
   * The first instant at or after `at` when calls are allowed (`at` itself when allowed). Windows have
   * minute resolution, so it walks minute boundaries: at most 11,520 steps (eight days), which is what
   * makes DST exact without date arithmetic. Undefined only if nothing is allowed in eight days.
   */
  public nextAllowed(at: number): number | undefined {
    if (this.isAllowed(at)) return at;
    let candidate = Math.floor(at / MINUTE) * MINUTE + MINUTE;
    for (let step = 0; step < HORIZON_MINUTES; step++, candidate += MINUTE)
      if (this.isAllowed(candidate)) return candidate;
    return undefined;
  }
}
