import { randomUUID } from 'node:crypto';
import type { MappingDefinition } from '../../src/provision/definitions';

/** An event-source mapping as the provisioner collects it; a fresh uuid unless given. */
export const mappingDefinition = (
  fields: Pick<MappingDefinition, 'functionName' | 'eventSourceArn'> & Partial<MappingDefinition>,
): MappingDefinition => ({
  uuid: randomUUID(),
  stackName: 'kes-test-local',
  logicalId: 'TestEventSourceMapping',
  enabled: true,
  startingPosition: 'TRIM_HORIZON',
  ...fields,
});
