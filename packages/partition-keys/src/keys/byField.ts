import { InvalidPartitionKeyError } from '../errors';
import type { KeyStrategy } from '../types';
import { assertPartitionKey } from './assertPartitionKey';

/**
 * A strategy that keys a value by one of its fields (a string, or a finite number written in decimal).
 * Handy for an event definition's `partitionKey` when the key is not the subject id, e.g. a tenant.
 *
 * @example
 * const byTenant = byField('tenantId');
 * byTenant({ tenantId: 't-7', total: 3 }); // 't-7'
 * // in an event definition: partitionKey: (_subject, data) => byTenant(data)
 */
export const byField = <K extends string>(name: K): KeyStrategy<{ readonly [P in K]: string | number }> =>
  function partitionKeyByField(value) {
    const field: unknown = value?.[name];
    if (typeof field === 'string') return assertPartitionKey(field);
    if (typeof field === 'number' && Number.isFinite(field)) return assertPartitionKey(String(field));
    throw new InvalidPartitionKeyError(
      '',
      `field "${name}" is ${field === undefined ? 'missing' : `not a string or finite number (${String(field)})`}`,
    );
  };
