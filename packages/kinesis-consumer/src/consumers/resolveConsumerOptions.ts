import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DEFAULT_KEY_CONCURRENCY, DEFAULT_METRICS_NAMESPACE, DEFAULT_UNKNOWN_TYPES } from '../constants';
import { InvalidOptionsError } from '../errors';
import type { Clock, ConsumerLogger, ConsumerMetrics, DeadLetterDestination } from '../types';

/** Options every consumer flavour takes. */
export interface ConsumerOptionsBase {
  /** Names the consumer in logs, metrics (`service`) and dead letters, e.g. `posts-claps-projection`. */
  name: string;
  /** Where malformed records go. */
  deadLetter: DeadLetterDestination;
  /** Partition keys processed in parallel. Default 8. */
  keyConcurrency?: number;
  /** Powertools Logger (or compatible). Default: a new Logger with `name` as service. */
  logger?: ConsumerLogger;
  /** Powertools Metrics (or compatible). Default: a new Metrics with `namespace` and `name` as service. */
  metrics?: ConsumerMetrics;
  /** CloudWatch namespace of the default Metrics. Default `kes`. */
  namespace?: string;
  /** Clock for IteratorAge and dead-letter times, in epoch ms. Default `Date.now`. */
  now?: Clock;
}

/** The options with every default filled in. */
export interface ResolvedConsumerOptions {
  name: string;
  deadLetter: DeadLetterDestination;
  keyConcurrency: number;
  logger: ConsumerLogger;
  metrics: ConsumerMetrics;
  now: Clock;
  unknownTypes: 'skip' | 'dead-letter';
}

/**
 * Validates a consumer's options and merges the defaults, in one place. Misconfiguration throws
 * {@link InvalidOptionsError} when the handler module loads, not on the first batch.
 */
export const resolveConsumerOptions = (
  options: ConsumerOptionsBase & { handle?: unknown; handleKey?: unknown; unknownTypes?: unknown },
): ResolvedConsumerOptions => {
  const {
    name,
    deadLetter,
    keyConcurrency = DEFAULT_KEY_CONCURRENCY,
    unknownTypes = DEFAULT_UNKNOWN_TYPES,
  } = options;
  if (typeof name !== 'string' || name.trim() === '')
    throw new InvalidOptionsError('name', 'a non-empty name is required');
  if (typeof deadLetter?.send !== 'function') {
    throw new InvalidOptionsError(
      'deadLetter',
      'a destination with send(letter), e.g. s3DeadLetter(...), is required',
    );
  }
  const handlers = [options.handle, options.handleKey].filter((handler) => handler !== undefined);
  if (handlers.length !== 1 || typeof handlers[0] !== 'function') {
    throw new InvalidOptionsError(
      'handle',
      'give exactly one of handle (per event) or handleKey (per partition key)',
    );
  }
  if (!Number.isInteger(keyConcurrency) || keyConcurrency < 1) {
    throw new InvalidOptionsError('keyConcurrency', `must be a positive integer, got ${keyConcurrency}`);
  }
  if (unknownTypes !== 'skip' && unknownTypes !== 'dead-letter') {
    throw new InvalidOptionsError(
      'unknownTypes',
      `must be 'skip' or 'dead-letter', got ${String(unknownTypes)}`,
    );
  }
  return {
    name,
    deadLetter,
    keyConcurrency,
    unknownTypes,
    logger: options.logger ?? new Logger({ serviceName: name }),
    metrics:
      options.metrics ??
      new Metrics({ namespace: options.namespace ?? DEFAULT_METRICS_NAMESPACE, serviceName: name }),
    now: options.now ?? Date.now,
  };
};
