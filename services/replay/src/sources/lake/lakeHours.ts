const HOUR = 3_600_000;

/** `yyyy/MM/dd/HH` (UTC) of a time, as Firehose's default prefix writes it. */
export const lakeHour = (millis: number): string => {
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}`;
};

/**
 * The arrival hours to read for events with `from` ≤ occurredAt < `to`: every hour the range touches,
 * widened by `marginHours` on both sides (late arrivals, and producers' clocks ahead of Firehose's).
 */
export const lakeHours = (from: string, to: string, marginHours: number): string[] => {
  const first = Math.floor(Date.parse(from) / HOUR) - marginHours;
  const last = Math.floor((Date.parse(to) - 1) / HOUR) + marginHours;
  return Array.from({ length: last - first + 1 }, (_, index) => lakeHour((first + index) * HOUR));
};
