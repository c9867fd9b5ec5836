import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { MAPPING_UUID, REPLACEMENT_PROPERTIES } from './constants';
import type { MappingManager, MappingResult } from './MappingManager';
import { type MappingProperties, parseMappingProperties } from './mappingProperties';
import type { MapperLogger } from './types';

/** Whether CloudFormation's id for the resource is a mapping (not the placeholder of a failed Create). */
export const isMappingUuid = (physicalResourceId: string | undefined): physicalResourceId is string =>
  physicalResourceId !== undefined && MAPPING_UUID.test(physicalResourceId);

/** The replacement-only properties that differ between two property sets (compared as CloudFormation sent them). */
export const replacementChanges = (
  props: Record<string, unknown>,
  oldProps: Record<string, unknown>,
): string[] =>
  REPLACEMENT_PROPERTIES.filter((key) => JSON.stringify(props[key]) !== JSON.stringify(oldProps[key]));

const parseOld = (raw: unknown, logger: MapperLogger): Partial<MappingProperties> => {
  try {
    return parseMappingProperties(raw);
  } catch (error) {
    // The old properties were accepted once; if they no longer parse, only resets are lost.
    logger.warn('OldResourceProperties do not parse; removed settings are not reset', {
      error: String(error),
    });
    return {};
  }
};

const isNotFound = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'ResourceNotFoundException' ||
    (error.cause instanceof Error && error.cause.name === 'ResourceNotFoundException'));

/**
 * Carries out one CloudFormation request on the mappings (no answer sent here):
 * - Create: creates the mapping (or adopts an identical one);
 * - Update: replaces it (new mapping, new id; CloudFormation then deletes the old one) when a
 *   replacement-only property changed, otherwise updates it in place — FunctionName included;
 * - Delete: deletes it; already gone, or never created (placeholder id), is a success.
 */
export const handleRequest = async (
  event: CloudFormationCustomResourceEvent,
  manager: MappingManager,
  logger: MapperLogger,
): Promise<MappingResult> => {
  switch (event.RequestType) {
    case 'Create':
      return manager.create(parseMappingProperties(event.ResourceProperties));
    case 'Update': {
      const props = parseMappingProperties(event.ResourceProperties);
      const oldUuid = event.PhysicalResourceId;
      if (!isMappingUuid(oldUuid)) return manager.create(props);
      const changed = replacementChanges(event.ResourceProperties, event.OldResourceProperties);
      if (changed.length > 0) {
        logger.info('replacing the mapping', { changed, oldUuid });
        return manager.create(props, oldUuid);
      }
      if (
        JSON.stringify(event.ResourceProperties.Tags) !== JSON.stringify(event.OldResourceProperties.Tags)
      ) {
        logger.warn('Tags changed: tags are applied on Create only and are left as they are', { oldUuid });
      }
      try {
        return await manager.update(oldUuid, props, parseOld(event.OldResourceProperties, logger));
      } catch (error) {
        if (!isNotFound(error)) throw error;
        // Deleted outside CloudFormation: bring it back (a new id; CloudFormation deletes the old one).
        logger.warn('the mapping no longer exists; creating it again', { oldUuid });
        return manager.create(props);
      }
    }
    case 'Delete': {
      if (!isMappingUuid(event.PhysicalResourceId)) {
        logger.info('nothing to delete: the resource was never created', {
          physicalResourceId: event.PhysicalResourceId,
        });
        return { uuid: event.PhysicalResourceId, outcome: 'already-deleted' };
      }
      return manager.delete(event.PhysicalResourceId);
    }
  }
};
