const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for a zone the runtime does not know.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** Whether the runtime knows the IANA time zone (e.g. `Europe/Paris`). */
export const isKnownTimeZone = (timeZone: string): boolean => {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
};

/** How far the zone's wall clock is ahead of UTC at `instantMs` (ms; negative west of Greenwich). */
const offsetAt = (instantMs: number, timeZone: string): number => {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(new Date(instantMs))
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - Math.floor(instantMs / 1000) * 1000;
};

/** The zone's wall-clock time at `instantMs`, as ms since the epoch read as if it were UTC. */
export const toWallClock = (instantMs: number, timeZone: string): number =>
  instantMs + offsetAt(instantMs, timeZone);

/**
 * The instant at which the zone's wall clock reads `wallMs`. A repeated hour (clocks turned back) gives
 * its first occurrence; a time skipped by a daylight-saving jump comes out shifted by the jump (02:30 on
 * a spring-forward night is 03:30), as java.time and most schedulers do.
 */
export const fromWallClock = (wallMs: number, timeZone: string): number => {
  const guess = wallMs - offsetAt(wallMs, timeZone);
  // Transitions are months apart: a day before and after the guess give the two offsets in play.
  const before = wallMs - offsetAt(guess - 86_400_000, timeZone);
  const after = wallMs - offsetAt(guess + 86_400_000, timeZone);
  const exact = [Math.min(before, after), Math.max(before, after)].find(
    (instant) => toWallClock(instant, timeZone) === wallMs,
  );
  return exact ?? before;
};
