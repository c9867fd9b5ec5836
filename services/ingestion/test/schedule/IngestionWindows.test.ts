import { WindowSpecError } from '../../src/errors';
import { IngestionWindows } from '../../src/schedule/IngestionWindows';

// 2026-11-22 is a Sunday.
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('IngestionWindows', () => {
  describe('off-peak windows', () => {
    const windows = IngestionWindows.parse({ offPeakWindows: '22:00-06:00' });

    it('allows calls inside a window that crosses midnight, on both sides of midnight', () => {
      expect(windows.isAllowed(at('2026-11-20T22:00:00Z'))).toBe(true);
      expect(windows.isAllowed(at('2026-11-20T23:59:59Z'))).toBe(true);
      expect(windows.isAllowed(at('2026-11-21T00:00:00Z'))).toBe(true);
      expect(windows.isAllowed(at('2026-11-21T05:59:59Z'))).toBe(true);
    });

    it('refuses calls outside it (the end is exclusive), and says which windows are allowed', () => {
      expect(windows.check(at('2026-11-21T06:00:00Z'))).toEqual({
        allowed: false,
        reason: 'off-peak-only',
        windows: ['22:00-06:00'],
      });
      expect(windows.isAllowed(at('2026-11-21T21:59:00Z'))).toBe(false);
    });

    it('accepts several windows and 24:00 as an end', () => {
      const two = IngestionWindows.parse({ offPeakWindows: '12:00-13:00, 23:00-24:00' });
      expect(two.isAllowed(at('2026-11-21T12:30:00Z'))).toBe(true);
      expect(two.isAllowed(at('2026-11-21T23:59:00Z'))).toBe(true);
      expect(two.isAllowed(at('2026-11-21T00:00:00Z'))).toBe(false);
      expect(two.isAllowed(at('2026-11-21T14:00:00Z'))).toBe(false);
    });

    it('allows any time when there are none', () => {
      const any = IngestionWindows.parse({ offPeakWindows: '' });
      expect(any.unrestricted).toBe(true);
      expect(any.isAllowed(at('2026-11-21T14:00:00Z'))).toBe(true);
    });
  });

  describe('maintenance', () => {
    it('refuses calls during the weekly window even inside an off-peak window', () => {
      const windows = IngestionWindows.parse({
        offPeakWindows: '22:00-06:00',
        maintenanceWindow: 'Sun 02:00-04:00',
      });
      expect(windows.check(at('2026-11-22T02:00:00Z'))).toEqual({
        allowed: false,
        reason: 'maintenance',
        window: 'Sun 02:00-04:00',
      });
      expect(windows.isAllowed(at('2026-11-22T03:59:00Z'))).toBe(false);
      expect(windows.isAllowed(at('2026-11-22T04:00:00Z'))).toBe(true);
      // Same hours on another day: not maintenance.
      expect(windows.isAllowed(at('2026-11-21T03:00:00Z'))).toBe(true);
    });

    it('handles a window crossing midnight and the end of the week (Sat 23:00 → Sun 01:00)', () => {
      const windows = IngestionWindows.parse({ maintenanceWindow: 'sat 23:00-01:00' });
      expect(windows.isAllowed(at('2026-11-21T22:59:00Z'))).toBe(true);
      expect(windows.isAllowed(at('2026-11-21T23:00:00Z'))).toBe(false);
      expect(windows.isAllowed(at('2026-11-22T00:30:00Z'))).toBe(false);
      expect(windows.isAllowed(at('2026-11-22T01:00:00Z'))).toBe(true);
      // A week later, again.
      expect(windows.isAllowed(at('2026-11-29T00:30:00Z'))).toBe(false);
    });
  });

  describe('nextAllowed', () => {
    const windows = IngestionWindows.parse({
      offPeakWindows: '22:00-06:00',
      maintenanceWindow: 'Sun 02:00-04:00',
    });

    it('is the instant itself when allowed', () => {
      expect(windows.nextAllowed(at('2026-11-21T23:12:34.567Z'))).toBe(at('2026-11-21T23:12:34.567Z'));
    });

    it('is the end of maintenance during maintenance', () => {
      expect(iso(windows.nextAllowed(at('2026-11-22T02:30:10Z')))).toBe('2026-11-22T04:00:00.000Z');
    });

    it('is the next off-peak start outside the windows', () => {
      expect(iso(windows.nextAllowed(at('2026-11-21T06:00:00Z')))).toBe('2026-11-21T22:00:00.000Z');
    });

    it('skips an off-peak window swallowed by maintenance', () => {
      const swallowed = IngestionWindows.parse({
        offPeakWindows: '02:00-04:00',
        maintenanceWindow: 'Sun 01:00-05:00',
      });
      expect(iso(swallowed.nextAllowed(at('2026-11-22T00:00:00Z')))).toBe('2026-11-23T02:00:00.000Z');
    });
  });

  describe('time zones (Intl) and DST', () => {
    it('reads the windows in the deployment time zone', () => {
      const paris = IngestionWindows.parse({ offPeakWindows: '22:00-06:00', timeZone: 'Europe/Paris' });
      // 21:30 UTC = 22:30 in Paris (UTC+1 in November).
      expect(paris.isAllowed(at('2026-11-21T21:30:00Z'))).toBe(true);
      expect(paris.isAllowed(at('2026-11-21T05:30:00Z'))).toBe(false);
      expect(iso(paris.nextAllowed(at('2026-11-21T12:00:00Z')))).toBe('2026-11-21T21:00:00.000Z');
    });

    it('keeps wall-clock hours across the spring-forward change (Europe/Paris, 2026-03-29)', () => {
      const paris = IngestionWindows.parse({ offPeakWindows: '01:00-05:00', timeZone: 'Europe/Paris' });
      // 01:00 local is 00:00 UTC (UTC+1); 05:00 local is 03:00 UTC (UTC+2): a 3-hour night.
      expect(paris.isAllowed(at('2026-03-29T00:00:00Z'))).toBe(true);
      expect(paris.isAllowed(at('2026-03-29T02:59:00Z'))).toBe(true);
      expect(paris.isAllowed(at('2026-03-29T03:00:00Z'))).toBe(false);
    });

    it('a maintenance window inside the skipped hour does not happen that night', () => {
      const paris = IngestionWindows.parse({
        maintenanceWindow: 'Sun 02:15-02:45',
        timeZone: 'Europe/Paris',
      });
      // 00:59 UTC = 01:59 local, 01:00 UTC = 03:00 local: no instant has a local time of 02:15–02:45.
      for (let minute = 0; minute < 180; minute++)
        expect(paris.isAllowed(at('2026-03-29T00:00:00Z') + minute * 60_000)).toBe(true);
    });

    it('allows the repeated hour of the fall-back change twice', () => {
      const newYork = IngestionWindows.parse({ offPeakWindows: '01:00-02:00', timeZone: 'America/New_York' });
      // 2026-11-01: 01:00–02:00 local happens at 05:00 UTC (EDT) and again at 06:00 UTC (EST).
      expect(newYork.isAllowed(at('2026-11-01T05:30:00Z'))).toBe(true);
      expect(newYork.isAllowed(at('2026-11-01T06:30:00Z'))).toBe(true);
      expect(newYork.isAllowed(at('2026-11-01T07:30:00Z'))).toBe(false);
    });
  });

  describe('bad specs', () => {
    const problems = (input: Parameters<typeof IngestionWindows.parse>[0]): string[] => {
      try {
        IngestionWindows.parse(input);
      } catch (error) {
        expect(error).toBeInstanceOf(WindowSpecError);
        expect((error as WindowSpecError).code).toBe('InvalidWindowSpec');
        return (error as WindowSpecError).issues;
      }
      throw new Error('expected a WindowSpecError');
    };

    it('names each malformed window and what was expected', () => {
      expect(problems({ offPeakWindows: '22-06, 25:00-01:00' })).toEqual([
        'off-peak window "22-06": expected HH:MM-HH:MM (e.g. 22:00-06:00)',
        'off-peak window "25:00-01:00": expected HH:MM-HH:MM (e.g. 22:00-06:00)',
      ]);
    });

    it('refuses an empty window, an unknown day and an unknown zone', () => {
      expect(problems({ offPeakWindows: '10:00-10:00' })).toEqual([
        'off-peak window "10:00-10:00": start and end are the same time',
      ]);
      expect(problems({ maintenanceWindow: 'Sunday 02:00-04:00' })[0]).toMatch(
        /maintenance window "Sunday 02:00-04:00": expected "<Day> HH:MM-HH:MM"/,
      );
      expect(problems({ timeZone: 'Mars/Olympus' })[0]).toMatch(/not an IANA time zone/);
    });
  });
});
