import { IngestionWindows } from './IngestionWindows';

/** The deployment's windows from its environment (`OFF_PEAK_WINDOWS`, `MAINTENANCE_WINDOW`, `TIME_ZONE`). */
export const readWindows = (env: NodeJS.ProcessEnv = process.env): IngestionWindows =>
  IngestionWindows.parse({
    offPeakWindows: env.OFF_PEAK_WINDOWS ?? '',
    maintenanceWindow: env.MAINTENANCE_WINDOW ?? '',
    timeZone: env.TIME_ZONE || 'UTC',
  });
