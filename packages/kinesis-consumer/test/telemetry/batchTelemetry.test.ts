import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { type BatchOutcome, batchItemFailures, batchTelemetry, kinesisConsumer } from '../../src';
import { counterChanged, counterEvents } from '../helpers/counterEvents';
import { FIRST_ARRIVAL_SECONDS, kinesisEvent } from '../helpers/kinesisEvents';
import { lambdaContext, memoryDeadLetter, recordingLogger, recordingMetrics } from '../helpers/recorders';

const NOW = 1_000_000;
const outcome: BatchOutcome = {
  batchSize: 3,
  processed: 1,
  skipped: 1,
  deadLettered: 1,
  failed: 0,
  notAttempted: 0,
  failures: [],
};
const batchOf = (arrivals: number[]) => ({
  Records: arrivals.map((seconds) => ({ kinesis: { approximateArrivalTimestamp: seconds } })),
});

describe('batchTelemetry', () => {
  const build = (handler: () => Promise<unknown>) => {
    const metrics = recordingMetrics();
    const logger = recordingLogger();
    const wrapped = middy(handler).use(batchTelemetry({ name: 'consumer', logger, metrics, now: () => NOW }));
    return { wrapped, metrics, logger };
  };

  it('measures IteratorAge as now minus the arrival of the LAST record, not the oldest', async () => {
    const { wrapped, metrics } = build(async () => outcome);

    await wrapped(batchOf([900, 990, 995.5]), lambdaContext);

    expect(metrics.value('IteratorAgeMilliseconds')).toBe(NOW - 995_500);
    expect(metrics.value('BatchSize')).toBe(3);
  });

  it('never reports a negative IteratorAge when the stream clock is ahead', async () => {
    const { wrapped, metrics } = build(async () => outcome);

    await wrapped(batchOf([NOW / 1000 + 2]), lambdaContext);

    expect(metrics.value('IteratorAgeMilliseconds')).toBe(0);
  });

  it('adds the record counts of the outcome and flushes once', async () => {
    const { wrapped, metrics } = build(async () => outcome);

    await wrapped(batchOf([999]), lambdaContext);

    expect(metrics.value('RecordsProcessed')).toBe(1);
    expect(metrics.value('RecordsSkipped')).toBe(1);
    expect(metrics.value('RecordsDeadLettered')).toBe(1);
    expect(metrics.value('RecordsFailed')).toBe(0);
    expect(metrics.flushes).toBe(1);
  });

  it('on a thrown error: counts the whole batch as failed, logs the error, flushes once, and rethrows', async () => {
    const bug = new Error('framework bug');
    const { wrapped, metrics, logger } = build(async () => {
      throw bug;
    });

    await expect(wrapped(batchOf([999, 999]), lambdaContext)).rejects.toBe(bug);

    expect(metrics.value('RecordsFailed')).toBe(2);
    expect(metrics.flushes).toBe(1);
    expect(logger.entries).toContainEqual({
      level: 'error',
      message: 'Batch failed as a whole; Lambda retries all of it',
      attributes: { consumer: 'consumer', error: bug },
    });
  });

  it('flushes only once when a middleware after it fails once its own after has flushed', async () => {
    const metrics = recordingMetrics();
    const wrapped = middy(async () => ({ not: 'an outcome' }))
      .use(batchItemFailures())
      .use(batchTelemetry({ name: 'consumer', logger: recordingLogger(), metrics, now: () => NOW }));

    await expect(wrapped(batchOf([999]), lambdaContext)).rejects.toThrow();

    expect(metrics.flushes).toBe(1);
  });

  describe('with the real Powertools Logger and Metrics', () => {
    let written: string[];
    let spy: jest.SpyInstance;

    beforeEach(() => {
      written = [];
      // Powertools writes EMF and JSON logs to stdout; capture it to read what CloudWatch would get.
      spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(chunk.toString());
        return true;
      });
    });
    afterEach(() => spy.mockRestore());

    const documents = () =>
      written
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);

    it('emits one EMF document per invocation in the given namespace, with the consumer as service', async () => {
      const handler = kinesisConsumer({
        name: 'counter-projection',
        registry: counterEvents,
        deadLetter: memoryDeadLetter(),
        namespace: 'kes-test',
        now: () => (FIRST_ARRIVAL_SECONDS + 10) * 1000,
        handle: async () => undefined,
      });

      const response = await handler(
        kinesisEvent([{ key: 'A', event: counterChanged('A', 1) }]),
        lambdaContext,
      );

      expect(response).toEqual({ batchItemFailures: [] });
      const emf = documents().filter((document) => '_aws' in document);
      expect(emf).toHaveLength(1);
      expect(emf[0]).toMatchObject({
        _aws: { CloudWatchMetrics: [{ Namespace: 'kes-test', Dimensions: [['service']] }] },
        service: 'counter-projection',
        BatchSize: 1,
        IteratorAgeMilliseconds: 10_000,
        RecordsProcessed: 1,
        RecordsFailed: 0,
        RecordsSkipped: 0,
        RecordsDeadLettered: 0,
      });
    });

    it('writes the batch summary as a JSON log line with the consumer name', async () => {
      const handler = kinesisConsumer({
        name: 'counter-projection',
        registry: counterEvents,
        deadLetter: memoryDeadLetter(),
        logger: new Logger({ serviceName: 'counter-projection' }),
        metrics: new Metrics({ namespace: 'kes-test', serviceName: 'counter-projection' }),
        handle: async () => undefined,
      });

      await handler(kinesisEvent([{ key: 'A', event: counterChanged('A', 1) }]), lambdaContext);

      expect(documents()).toContainEqual(
        expect.objectContaining({
          level: 'INFO',
          message: 'Batch processed',
          service: 'counter-projection',
          consumer: 'counter-projection',
          batchSize: 1,
          processed: 1,
        }),
      );
    });
  });
});
