export {
  DEFAULT_MAX_RECORD_SIZE_BYTES,
  EVENT_ID_NAMESPACE,
  MAX_CONFIGURABLE_RECORD_SIZE_BYTES,
  MAX_PARTITION_KEY_LENGTH,
} from './constants';
export { defineEvent } from './defineEvent';
export { EventRegistry } from './EventRegistry';
export {
  EnvelopeError,
  type EnvelopeIssue,
  EventDecodeError,
  isEnvelopeError,
  RecordTooLargeError,
  UnknownEventTypeError,
} from './errors';
export { eventIdFor } from './eventId';
export { assertRecordSize, recordSizeBytes } from './recordSize';
export { type EnvelopeBase, envelopeBaseSchema, envelopeSchema, type Subject, subjectSchema } from './schema';
export type { CreateEventInput, DecodeResult, Envelope, EventDefinition, EventOf } from './types';
