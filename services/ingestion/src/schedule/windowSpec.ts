import { z } from 'zod';

/** Minutes since local midnight, from "HH:MM" (00:00–24:00; 24:00 only as an end). */
const clock = /^([01]\d|2[0-4]):([0-5]\d)$/;
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** A daily stretch of local time; `end <= start` means it crosses midnight. Minutes since midnight. */
export interface DailyWindow {
  start: number;
  end: number;
  text: string;
}

/** A weekly stretch: starts on `day` (0 = Sunday) at `start`, lasts `durationMinutes` (< 24 h). */
export interface WeeklyWindow {
  day: number;
  start: number;
  durationMinutes: number;
  text: string;
}

const minutes = (text: string): number | undefined => {
  const match = clock.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]) * 60 + Number(match[2]);
  return value > 24 * 60 ? undefined : value;
};

const range = (text: string, ctx: z.RefinementCtx, label: string) => {
  const [from = '', to = '', ...rest] = text.split('-');
  const start = minutes(from.trim());
  const end = minutes(to.trim());
  if (rest.length > 0 || start === undefined || end === undefined || start === 24 * 60) {
    ctx.addIssue({ code: 'custom', message: `${label} "${text}": expected HH:MM-HH:MM (e.g. 22:00-06:00)` });
    return undefined;
  }
  if (start === end) {
    ctx.addIssue({ code: 'custom', message: `${label} "${text}": start and end are the same time` });
    return undefined;
  }
  return { start, end };
};

const list = (value: string): string[] =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/** `"22:00-06:00, 12:00-13:00"` → daily windows; empty = no restriction. */
export const offPeakWindowsSchema = z.string().transform((value, ctx): DailyWindow[] =>
  list(value).flatMap((text) => {
    const parsed = range(text, ctx, 'off-peak window');
    return parsed ? [{ ...parsed, text }] : [];
  }),
);

/** `"Sun 02:00-04:00"` (several comma-separated) → weekly windows; empty = none. */
export const maintenanceWindowSchema = z.string().transform((value, ctx): WeeklyWindow[] =>
  list(value).flatMap((text) => {
    const [dayName = '', times = '', ...rest] = text.split(/\s+/);
    const day = DAYS.findIndex((name) => name.toLowerCase() === dayName.toLowerCase());
    if (day < 0 || rest.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `maintenance window "${text}": expected "<Day> HH:MM-HH:MM" with Day one of ${DAYS.join(', ')}`,
      });
      return [];
    }
    const parsed = range(times, ctx, 'maintenance window');
    if (!parsed) return [];
    const durationMinutes =
      parsed.end > parsed.start ? parsed.end - parsed.start : parsed.end + 1440 - parsed.start;
    return [{ day, start: parsed.start, durationMinutes, text }];
  }),
);

/** An IANA time zone Intl knows (e.g. `Europe/Paris`); default UTC. */
export const timeZoneSchema = z
  .string()
  .default('UTC')
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'time zone: not an IANA time zone this runtime knows (e.g. UTC, Europe/Paris)');

/** The three window params of a provider deployment, as written in serverless.yml / compose. */
export const windowSpecSchema = z.object({
  offPeakWindows: offPeakWindowsSchema.default([]),
  maintenanceWindow: maintenanceWindowSchema.default([]),
  timeZone: timeZoneSchema,
});
export type WindowSpecInput = z.input<typeof windowSpecSchema>;
export type WindowSpec = z.output<typeof windowSpecSchema>;

export const DAY_NAMES = DAYS;
