import type { Applied, MappingControl } from '../service/MappingControl';
import type { WindowCheck } from './IngestionWindows';

/** Why the provider may not be called now, in words for the logs and the mapping decision. */
export const holdReason = (check: Exclude<WindowCheck, { allowed: true }>): string =>
  check.reason === 'maintenance'
    ? `provider maintenance (${check.window})`
    : `outside the off-peak windows (${check.windows.join(', ')})`;

/**
 * Disables the ventilator's mapping, keeping its batch size, while the provider may not be called
 * (maintenance, outside its off-peak windows). Disabled, the mapping stops polling: the records wait on
 * the stream at the checkpoint, and nothing spins on Kinesis. The tick re-enables it once allowed.
 */
export const holdMapping = async (
  mapping: Pick<MappingControl, 'current' | 'apply'>,
  reason: string,
): Promise<Applied> => {
  const current = await mapping.current();
  if (!current) return { action: 'no-mapping' };
  return mapping.apply({ batchSize: current.BatchSize ?? 1, enabled: false, reason });
};
