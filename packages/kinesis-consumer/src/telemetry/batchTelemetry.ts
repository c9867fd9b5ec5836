import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj, Request } from '@middy/core';
import { METRIC_NAMES } from '../constants';
import { isBatchOutcome } from '../response/isBatchOutcome';
import type { Clock, ConsumerLogger, ConsumerMetrics } from '../types';
import { lastArrivalMillis } from './lastArrivalMillis';

/** Options of {@link batchTelemetry}. */
export interface BatchTelemetryOptions {
  /** The consumer's name, added to every log line. */
  name: string;
  logger: ConsumerLogger;
  metrics: ConsumerMetrics;
  now: Clock;
}

/** Any stream event: only `Records` is read, so one middleware serves both flavours. */
type StreamEvent = { Records?: unknown[] };
type AnyRequest = Request<StreamEvent>;

/**
 * Middy middleware: structured logs and EMF metrics for a stream batch, flushed exactly once per
 * invocation, also when it fails.
 *
 * - `before`: `BatchSize`, and `IteratorAgeMilliseconds` = now − arrival of the batch's last record
 *   (what Lambda's IteratorAge measures);
 * - `after`: `RecordsProcessed`, `RecordsFailed`, `RecordsSkipped`, `RecordsDeadLettered` from the
 *   batch outcome, a summary log line, then the flush;
 * - `onError`: the whole batch will be retried, so `RecordsFailed` = the batch size; logs and flushes,
 *   and lets the error propagate.
 *
 * Its `after` must see the outcome before `batchItemFailures` turns it into the response, so `.use()`
 * it after `batchItemFailures` (middy runs `after` hooks in reverse order).
 *
 * @example
 * middy<KinesisStreamEvent>()
 *   .use(batchItemFailures())
 *   .use(batchTelemetry({ name: 'posts-claps-projection', logger, metrics, now: Date.now }))
 *   .use(decodeKinesisRecords({ registry }))
 *   .handler(keyOrderedProcessor({ ... }));
 */
export const batchTelemetry = (options: BatchTelemetryOptions): MiddlewareObj<StreamEvent> => {
  const { name, logger, metrics, now } = options;
  const flushed = new WeakSet<object>();
  const batchSizes = new WeakMap<object, number>();

  const flushOnce = (request: object): void => {
    if (flushed.has(request)) return;
    flushed.add(request);
    metrics.publishStoredMetrics();
  };

  const batchTelemetryBefore = (request: AnyRequest): void => {
    const records = Array.isArray(request.event?.Records) ? request.event.Records : [];
    batchSizes.set(request, records.length);
    metrics.addMetric(METRIC_NAMES.batchSize, MetricUnit.Count, records.length);
    const arrival = lastArrivalMillis(records);
    // Clocks of the stream and the function can disagree by a little; an age is never negative.
    if (arrival !== undefined)
      metrics.addMetric(METRIC_NAMES.iteratorAge, MetricUnit.Milliseconds, Math.max(0, now() - arrival));
  };

  const batchTelemetryAfter = (request: AnyRequest): void => {
    const outcome = request.response;
    if (isBatchOutcome(outcome)) {
      metrics.addMetric(METRIC_NAMES.recordsProcessed, MetricUnit.Count, outcome.processed);
      metrics.addMetric(METRIC_NAMES.recordsFailed, MetricUnit.Count, outcome.failed);
      metrics.addMetric(METRIC_NAMES.recordsSkipped, MetricUnit.Count, outcome.skipped);
      metrics.addMetric(METRIC_NAMES.recordsDeadLettered, MetricUnit.Count, outcome.deadLettered);
      const { failures, ...counts } = outcome;
      logger.info('Batch processed', {
        consumer: name,
        ...counts,
        batchItemFailures: failures.map((failure) => failure.itemIdentifier),
      });
    }
    flushOnce(request);
  };

  const batchTelemetryOnError = (request: AnyRequest): void => {
    if (!flushed.has(request)) {
      metrics.addMetric(METRIC_NAMES.recordsFailed, MetricUnit.Count, batchSizes.get(request) ?? 0);
    }
    logger.error('Batch failed as a whole; Lambda retries all of it', {
      consumer: name,
      error: request.error,
    });
    flushOnce(request);
  };

  return { before: batchTelemetryBefore, after: batchTelemetryAfter, onError: batchTelemetryOnError };
};
