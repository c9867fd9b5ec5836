import type { Context } from 'aws-lambda';
import type { ConsumerLogger, ConsumerMetrics, DeadLetter, DeadLetterDestination } from '../../src';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  attributes: Record<string, unknown>;
}

/** A logger that keeps what it was told, to assert on structured log lines. */
export const recordingLogger = (): ConsumerLogger & { entries: LogEntry[] } => {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (message: string, attributes: Record<string, unknown>): void => {
      entries.push({ level, message, attributes });
    };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
};

export interface MetricEntry {
  name: string;
  unit: string;
  value: number;
  /** How many flushes happened before this metric was added: 0 = first invocation's buffer. */
  flush: number;
}

/** Metrics that keep every `addMetric` and count flushes. */
export const recordingMetrics = (): ConsumerMetrics & {
  added: MetricEntry[];
  flushes: number;
  value(name: string): number | undefined;
} => {
  const recorder = {
    added: [] as MetricEntry[],
    flushes: 0,
    addMetric(name: string, unit: string, value: number) {
      recorder.added.push({ name, unit, value, flush: recorder.flushes });
    },
    publishStoredMetrics() {
      recorder.flushes += 1;
    },
    value(name: string) {
      return recorder.added.find((entry) => entry.name === name)?.value;
    },
  };
  return recorder;
};

/** A dead-letter destination in memory; `failFor` makes sends for those sequence numbers reject. */
export const memoryDeadLetter = (
  failFor: readonly string[] = [],
): DeadLetterDestination & { letters: DeadLetter[]; attempts: string[] } => {
  const letters: DeadLetter[] = [];
  const attempts: string[] = [];
  return {
    letters,
    attempts,
    async send(letter) {
      attempts.push(letter.record.sequenceNumber);
      if (failFor.includes(letter.record.sequenceNumber)) throw new Error('S3 is unavailable');
      letters.push(letter);
    },
  };
};

/** Resolves after `ms`; handlers use it to finish in an order other than the one they started in. */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A Lambda context without `getRemainingTimeInMillis`, so middy arms no early-timeout timer. */
export const lambdaContext = { awsRequestId: 'request-1', functionName: 'consumer' } as unknown as Context;
