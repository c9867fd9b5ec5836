import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { JobLeaseLostError } from '../errors';
import { dailyJobId, type IngestionJob, type JobCounts } from './IngestionJob';

/** Jobs share the tracking table under a partition key no record id can take (`#` is not allowed). */
const JOBS = '#job';

export interface JobStoreOptions {
  table: string;
  provider: string;
  /** How long jobs are kept (DynamoDB TTL), in days. */
  retentionDays: number;
}

/**
 * The ingestion jobs of one provider, in its tracking table. An enqueue run holds a job's lease (a
 * conditional write) while it advances the cursor, so two runs never enqueue the same page of one job;
 * each cursor move is conditional on the lease, after the page is on the stream.
 */
export class JobStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #options: JobStoreOptions;

  public constructor(documents: DynamoDBDocumentClient, options: JobStoreOptions) {
    this.#documents = documents;
    this.#options = options;
  }

  /** Stores a new job; false if one with its id exists (the daily job of a day is created once). */
  public async create(
    job: Omit<IngestionJob, 'provider' | 'enqueued' | 'enqueueDone' | 'updatedAt' | keyof JobCounts>,
  ): Promise<boolean> {
    const item: IngestionJob = {
      ...job,
      provider: this.#options.provider,
      enqueued: 0,
      enqueueDone: false,
      fetched: 0,
      deadLettered: 0,
      failedAttempts: 0,
      updatedAt: job.createdAt,
    };
    try {
      await this.#documents.send(
        new PutCommand({
          TableName: this.#options.table,
          Item: { recordId: JOBS, day: job.jobId, ...item, expiresAt: this.#expiresAt(job.createdAt) },
          ConditionExpression: 'attribute_not_exists(recordId)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The schedule's job of `day` (the provider's catalogue for that day), created on first use. */
  public async ensureDaily(day: string, now: number): Promise<void> {
    await this.create({
      jobId: dailyJobId(day),
      kind: 'daily',
      ingestionDay: day,
      source: { type: 'catalogue' },
      createdAt: now,
    });
  }

  public async get(jobId: string): Promise<IngestionJob | undefined> {
    const answer = await this.#documents.send(
      new GetCommand({
        TableName: this.#options.table,
        Key: { recordId: JOBS, day: jobId },
        ConsistentRead: true,
      }),
    );
    return answer.Item ? strip(answer.Item) : undefined;
  }

  /** Jobs whose ids are not all on the stream yet, oldest first (job ids sort by creation). */
  public async listOpen(): Promise<IngestionJob[]> {
    const open: IngestionJob[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#documents.send(
        new QueryCommand({
          TableName: this.#options.table,
          KeyConditionExpression: 'recordId = :jobs',
          FilterExpression: 'enqueueDone = :false',
          ExpressionAttributeValues: { ':jobs': JOBS, ':false': false },
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) open.push(strip(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return open.sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Takes the job's lease for `leaseMs`; undefined if another run holds it or it is fully enqueued. */
  public async acquire(
    jobId: string,
    owner: string,
    now: number,
    leaseMs: number,
  ): Promise<IngestionJob | undefined> {
    try {
      const answer = await this.#documents.send(
        new UpdateCommand({
          TableName: this.#options.table,
          Key: { recordId: JOBS, day: jobId },
          UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until, updatedAt = :now',
          ConditionExpression:
            'attribute_exists(recordId) AND enqueueDone = :false AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now OR leaseOwner = :owner)',
          ExpressionAttributeValues: {
            ':owner': owner,
            ':until': now + leaseMs,
            ':now': now,
            ':false': false,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return answer.Attributes ? strip(answer.Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * Records that a page is on the stream: moves the cursor, adds to `enqueued`, renews the lease (or
   * drops it when `done`). Throws {@link JobLeaseLostError} if this run no longer holds the lease.
   */
  public async advance(
    jobId: string,
    owner: string,
    step: { cursor: string | undefined; added: number; done: boolean; now: number; leaseMs: number },
  ): Promise<void> {
    const sets = ['enqueued = enqueued + :added', 'enqueueDone = :done', 'updatedAt = :now'];
    const removes: string[] = [];
    if (step.cursor === undefined) removes.push('#cursor');
    else sets.push('#cursor = :cursor');
    if (step.done) {
      sets.push('#total = enqueued + :added');
      removes.push('leaseOwner', 'leaseUntil');
    } else sets.push('leaseUntil = :until');
    try {
      await this.#documents.send(
        new UpdateCommand({
          TableName: this.#options.table,
          Key: { recordId: JOBS, day: jobId },
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeNames: { '#cursor': 'cursor', ...(step.done ? { '#total': 'total' } : {}) },
          ExpressionAttributeValues: {
            ':owner': owner,
            ':added': step.added,
            ':done': step.done,
            ':now': step.now,
            ...(step.cursor === undefined ? {} : { ':cursor': step.cursor }),
            ...(step.done ? {} : { ':until': step.now + step.leaseMs }),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new JobLeaseLostError(jobId);
      throw error;
    }
  }

  /** Gives the lease back (the run stopped before the end: budget, window closed). */
  public async release(jobId: string, owner: string): Promise<void> {
    await this.#documents
      .send(
        new UpdateCommand({
          TableName: this.#options.table,
          Key: { recordId: JOBS, day: jobId },
          UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  /**
   * Counts a record's final fate (fetched, dead-lettered) for a job once: one transaction marks the
   * record's tracking item as counted for the job and adds 1 to the job's counter, so a redelivered or
   * duplicated record is never counted twice. `failedAttempts` is a plain counter (one per attempt).
   */
  public async countFate(
    key: { recordId: string; day: string },
    jobId: string,
    fate: keyof JobCounts,
    now: number,
  ): Promise<boolean> {
    const job = {
      TableName: this.#options.table,
      Key: { recordId: JOBS, day: jobId },
      UpdateExpression: 'ADD #counter :one SET updatedAt = :now',
      ConditionExpression: 'attribute_exists(recordId)',
      ExpressionAttributeNames: { '#counter': fate },
      ExpressionAttributeValues: { ':one': 1, ':now': now },
    };
    try {
      if (fate === 'failedAttempts') {
        await this.#documents.send(new UpdateCommand(job));
        return true;
      }
      await this.#documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.#options.table,
                Key: { recordId: key.recordId, day: key.day },
                UpdateExpression: 'ADD countedFor :job',
                ConditionExpression: 'attribute_exists(recordId) AND NOT contains(countedFor, :jobId)',
                ExpressionAttributeValues: { ':job': new Set([jobId]), ':jobId': jobId },
              },
            },
            { Update: job },
          ],
        }),
      );
      return true;
    } catch (error) {
      // Counted already, or the job is gone (expired, or a record put on the stream by hand).
      if (error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException)
        return false;
      throw error;
    }
  }

  #expiresAt(now: number): number {
    return Math.floor(now / 1000) + this.#options.retentionDays * 86_400;
  }
}

const strip = (item: Record<string, unknown>): IngestionJob => {
  const { recordId: _partition, day: _jobKey, expiresAt: _ttl, ...job } = item;
  return job as unknown as IngestionJob;
};
