/** A field-level problem found while decoding or validating an event. */
export interface EnvelopeIssue {
  /** Dotted path of the offending field, e.g. `data.count` or `subject.id`; empty for the whole value. */
  path: string;
  message: string;
}

/** Base class of every error this package throws; `code` is stable and safe to branch on. */
export class EnvelopeError extends Error {
  public readonly code: string;

  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EnvelopeError';
    this.code = code;
  }
}

/** The bytes are not a valid event: not UTF-8 JSON, not an envelope, or `data` does not match its type. */
export class EventDecodeError extends EnvelopeError {
  public readonly issues: EnvelopeIssue[];
  /** The event type, when the envelope got far enough to have one. */
  public readonly eventType: string | undefined;

  public constructor(
    message: string,
    issues: EnvelopeIssue[],
    eventType?: string,
    options?: { cause?: unknown },
  ) {
    super('EVENT_DECODE_FAILED', message, options);
    this.name = 'EventDecodeError';
    this.issues = issues;
    this.eventType = eventType;
  }
}

/** A well-formed envelope whose `type` the registry does not know (a consumer usually skips these). */
export class UnknownEventTypeError extends EnvelopeError {
  public readonly eventType: string;

  public constructor(eventType: string, known: readonly string[]) {
    super('UNKNOWN_EVENT_TYPE', `Unknown event type "${eventType}" (known: ${known.join(', ') || 'none'})`);
    this.name = 'UnknownEventTypeError';
    this.eventType = eventType;
  }
}

/** An event that would not fit in one Kinesis record; refused before anything is sent. */
export class RecordTooLargeError extends EnvelopeError {
  public readonly sizeBytes: number;
  public readonly maxBytes: number;
  public readonly partitionKey: string;

  public constructor(sizeBytes: number, maxBytes: number, partitionKey: string) {
    super(
      'RECORD_TOO_LARGE',
      `Record for partition key "${partitionKey}" is ${sizeBytes} bytes (data + partition key); the stream accepts at most ${maxBytes}`,
    );
    this.name = 'RecordTooLargeError';
    this.sizeBytes = sizeBytes;
    this.maxBytes = maxBytes;
    this.partitionKey = partitionKey;
  }
}

/** Type guard for errors of this package, optionally of one `code`. */
export const isEnvelopeError = (error: unknown, code?: string): error is EnvelopeError =>
  error instanceof EnvelopeError && (code === undefined || error.code === code);
