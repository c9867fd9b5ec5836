import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { requireEnv } from '@kes/aws-clients';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import {
  clients,
  config,
  controlPorts,
  deadLetters,
  jobStore,
  mappingControl,
  trackingStore,
  windows,
} from '../../deps';
import { countJobFates } from '../../jobs/countJobFates';
import { holdMapping, holdReason } from '../../schedule/holdMapping';
import { type WorkerResult, workerResultSchema } from '../../service/jobs';
import { runControl } from '../../service/runControl';
import { type BatchRecord, type DeadLetterRequest, ventilate } from '../../service/ventilate';

const logger = new Logger();
const metrics = new Metrics();

/**
 * The provider stream's subscriber: fans the batch out to the worker (one Invoke per record, concurrency
 * = batch size capped at the provider's limit), counts the records' fates for their jobs, then lets the
 * controller adjust its own mapping. While the provider may not be called (maintenance, outside its
 * off-peak windows) it calls nothing: it hands the whole batch back and disables its mapping until the
 * tick re-enables it (decision 0028).
 */
export const handler = async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
  const settings = config();
  const check = windows().check(Date.now());
  if (!check.allowed) {
    const reason = holdReason(check);
    const applied = await holdMapping(mappingControl(), reason);
    logger.info('ingestion held', {
      provider: settings.provider,
      records: event.Records.length,
      reason,
      applied,
    });
    return {
      batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.kinesis.sequenceNumber })),
    };
  }
  const records: BatchRecord[] = event.Records.map((record) => ({
    sequenceNumber: record.kinesis.sequenceNumber,
    data: record.kinesis.data,
    arrivedAt: Math.round(record.kinesis.approximateArrivalTimestamp * 1000),
  }));
  const source = event.Records[0];
  const worker = requireEnv('WORKER_FUNCTION');
  const result = await ventilate(
    records,
    {
      tracking: trackingStore(),
      now: Date.now,
      invokeWorker: async (request) => invokeWorker(worker, request),
      deadLetter: (letter) =>
        sendDeadLetter(letter, source?.eventSourceARN ?? '', source?.kinesis.partitionKey),
    },
    { maxConcurrency: settings.params.maxConcurrency, leaseMs: settings.workerTimeoutMs + 5_000 },
  );
  try {
    await countJobFates(result, (key, jobId, counter) =>
      jobStore().countFate(key, jobId, counter, Date.now()),
    );
  } catch (error) {
    // Progress counts are for people watching; the records are fetched and tracked either way.
    logger.warn('ingestion job counts failed', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
  const fates: Record<string, number> = {};
  for (const fate of result.fates.values()) fates[fate] = (fates[fate] ?? 0) + 1;
  logger.info('ingestion batch', {
    provider: settings.provider,
    records: records.length,
    calls: result.observations.length,
    failures: result.batchItemFailures.length,
    fates,
  });
  metrics.addDimension('provider', settings.provider);
  metrics.addMetric('RecordsFetched', MetricUnit.Count, fates.fetched ?? 0);
  metrics.addMetric(
    'RecordsSkipped',
    MetricUnit.Count,
    (fates['already-fetched'] ?? 0) + (fates['already-dead'] ?? 0),
  );
  metrics.addMetric('RecordsDeadLettered', MetricUnit.Count, fates['dead-lettered'] ?? 0);
  try {
    await runControl(controlPorts({ logger, metrics }, settings), {
      kind: 'batch',
      observations: result.observations,
    });
  } catch (error) {
    // The batch's work is done and tracked; a failed control turn must not make Kinesis redeliver it.
    logger.warn('ingestion control failed', {
      error: error instanceof Error ? error.message : String(error),
    });
  } finally {
    metrics.publishStoredMetrics();
  }
  return { batchItemFailures: result.batchItemFailures };
};

const invokeWorker = async (
  functionName: string,
  request: { recordId: string; day: string },
): Promise<WorkerResult> => {
  const started = Date.now();
  const answer = await clients().lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(request)) }),
  );
  const text = answer.Payload ? Buffer.from(answer.Payload).toString('utf8') : '';
  if (answer.FunctionError)
    return {
      outcome: 'error',
      latencyMs: Date.now() - started,
      error: `worker ${answer.FunctionError}: ${text.slice(0, 300)}`,
    };
  return workerResultSchema.parse(JSON.parse(text));
};

const sendDeadLetter = async (
  letter: DeadLetterRequest,
  eventSourceArn: string,
  partitionKey = '',
): Promise<void> => {
  const shard = eventSourceArn.split('/').pop() ?? 'stream';
  await deadLetters().send({
    formatVersion: 1,
    consumer: `ingestion-${config().provider}-ventilator`,
    deadLetteredAt: new Date().toISOString(),
    reason: {
      code: letter.code,
      message: `${letter.message}${letter.attempts ? ` (after ${letter.attempts} attempts)` : ''}${letter.recordId ? ` — record ${letter.recordId} on ${letter.day}` : ''}`,
      issues: [],
    },
    record: {
      source: 'aws:kinesis',
      eventSourceArn,
      eventId: `${shard}:${letter.record.sequenceNumber}`,
      shardOrStream: shard,
      partitionKey,
      sequenceNumber: letter.record.sequenceNumber,
      approximateArrivalTime: new Date(letter.record.arrivedAt).toISOString(),
      data: letter.record.data,
    },
  });
};
