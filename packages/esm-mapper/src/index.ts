export { DEFAULTS, REPLACEMENT_PROPERTIES, RETRYABLE_ERRORS } from './constants';
export { createMapperHandler } from './createMapperHandler';
export { Deadline } from './Deadline';
export {
  describeError,
  EsmMapperError,
  InvalidPropertiesError,
  isEsmMapperError,
  MappingOperationError,
  ResponseDeliveryError,
  TimeBudgetExceededError,
} from './errors';
export { handleRequest, isMappingUuid, replacementChanges } from './handleRequest';
export { MappingManager, type MappingResult } from './MappingManager';
export { type MappingProperties, mappingPropertiesSchema, parseMappingProperties } from './mappingProperties';
export { type SendResponseOptions, sendResponse } from './sendResponse';
export { sourceKindOf, toCreateInput, toUpdateInput, type UpdatePlan } from './toMappingInput';
export {
  type Clock,
  type CustomResourceResponse,
  type MapperLogger,
  type MapperOptions,
  type MappingLambdaClient,
  systemClock,
} from './types';
export { isRetryable, type RetryOptions, withRetries } from './withRetries';
