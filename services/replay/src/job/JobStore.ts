import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { JobNotRunnableError, LeaseLostError } from '../errors';
import type { SourcePosition } from '../sources/types';
import type { ReplaySpec } from './spec';

/**
 * `pending` → `running` → `succeeded` | `failed`; `pending`/`running` → `cancelled`; `failed`/`cancelled`
 * → `pending` again by {@link JobStore.reopen} (resumes from the last checkpoint).
 */
export type JobStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** Counts a job keeps in its item; `sent` counts records Kinesis confirmed up to the checkpoint. */
export interface JobProgress {
  /** Events read from the source (before filters). */
  scanned: number;
  /** Events confirmed written to the target. */
  sent: number;
  /** Bytes of those records (data + partition key). */
  bytes: number;
}

/** The job item: `jobId` is the table's key. */
export interface ReplayJobItem {
  jobId: string;
  spec: ReplaySpec;
  /** The resolved target stream. */
  target: string;
  status: JobStatus;
  progress: JobProgress;
  /** Where the source stopped at the last checkpoint: resume continues right after it. */
  position?: SourcePosition;
  /** The `occurredAt` of the last event confirmed, for people watching. */
  lastEventAt?: string;
  /**
   * The highest sequence number the job wrote per target shard, as of its last checkpoint. A consumer
   * that has processed these on every shard has read the whole replay.
   */
  written?: Record<string, string>;
  owner?: string;
  leaseUntil?: number;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Runs of the job (1 + resumptions). */
  attempts: number;
  error?: { code: string; message: string };
}

export interface JobStoreOptions {
  /** How long a runner owns a job without a checkpoint; another may take over after. Default 60 s. */
  leaseMs?: number;
  now?: () => number;
}

const ZERO: JobProgress = { scanned: 0, sent: 0, bytes: 0 };

/**
 * The replay jobs table: one item per job holding its spec, status, progress and checkpoint. A runner
 * claims a job with a lease (a conditional write); every checkpoint renews it, conditional on the runner
 * still being the owner, so two runners never both advance a job.
 */
export class JobStore {
  readonly #documents: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #leaseMs: number;
  readonly #now: () => number;

  public constructor(documents: DynamoDBDocumentClient, table: string, options: JobStoreOptions = {}) {
    this.#documents = documents;
    this.#table = table;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  public async create(
    spec: ReplaySpec,
    target: string,
    jobId: string = randomUUID(),
  ): Promise<ReplayJobItem> {
    const now = new Date(this.#now()).toISOString();
    const item: ReplayJobItem = {
      jobId,
      spec,
      target,
      status: 'pending',
      progress: ZERO,
      createdAt: now,
      updatedAt: now,
      attempts: 0,
    };
    await this.#documents.send(
      new PutCommand({
        TableName: this.#table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(jobId)',
      }),
    );
    return item;
  }

  public async get(jobId: string): Promise<ReplayJobItem | undefined> {
    const { Item } = await this.#documents.send(
      new GetCommand({ TableName: this.#table, Key: { jobId }, ConsistentRead: true }),
    );
    return Item as ReplayJobItem | undefined;
  }

  /** Takes the job for `owner` if it is pending or running with an expired lease (a crashed runner). */
  public async claim(jobId: string, owner: string): Promise<ReplayJobItem> {
    const now = this.#now();
    try {
      const { Attributes } = await this.#documents.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { jobId },
          UpdateExpression:
            'SET #status = :running, #owner = :owner, leaseUntil = :lease, updatedAt = :at, startedAt = if_not_exists(startedAt, :at) ADD attempts :one',
          ConditionExpression:
            'attribute_exists(jobId) AND (#status = :pending OR (#status = :running AND (leaseUntil < :now OR #owner = :owner)))',
          ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':pending': 'pending',
            ':owner': owner,
            ':lease': now + this.#leaseMs,
            ':now': now,
            ':at': new Date(now).toISOString(),
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as ReplayJobItem;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const job = await this.get(jobId);
      if (job?.status === 'running') throw new LeaseLostError(jobId, { cause: error });
      throw new JobNotRunnableError(jobId, job?.status);
    }
  }

  /** Records confirmed progress and renews the lease; `LeaseLostError` if another runner took the job. */
  public async checkpoint(
    jobId: string,
    owner: string,
    update: {
      position: SourcePosition;
      progress: JobProgress;
      lastEventAt?: string;
      written?: Record<string, string>;
    },
  ): Promise<void> {
    await this.#ownedUpdate(
      jobId,
      owner,
      'SET #position = :position, progress = :progress, leaseUntil = :lease, updatedAt = :at' +
        (update.lastEventAt ? ', lastEventAt = :last' : '') +
        (update.written ? ', written = :written' : ''),
      {
        ':position': update.position,
        ':progress': update.progress,
        ...(update.written ? { ':written': update.written } : {}),
        ':lease': this.#now() + this.#leaseMs,
        ...(update.lastEventAt ? { ':last': update.lastEventAt } : {}),
      },
    );
  }

  /**
   * Hands a stalled job to `owner` (who is about to run it): a `running` job whose lease expired (its
   * runner crashed or was killed) or a `pending` job nobody claimed for a lease period (its start was
   * lost). Conditional, so of several callers exactly one wins; `false` when the job is not stalled.
   */
  public async takeOver(jobId: string, owner: string): Promise<boolean> {
    const now = this.#now();
    return this.#transition(
      jobId,
      'SET #owner = :owner, leaseUntil = :lease, updatedAt = :at',
      '(#status = :running AND leaseUntil < :now) OR (#status = :pending AND updatedAt < :stale)',
      {
        ':owner': owner,
        ':lease': now + this.#leaseMs,
        ':now': now,
        ':stale': new Date(now - this.#leaseMs).toISOString(),
        ':running': 'running',
        ':pending': 'pending',
      },
    );
  }

  /**
   * Makes a `failed` or `cancelled` job `pending` again, keeping its position and counts: the next run
   * continues after the last checkpoint. `false` when the job is in another state.
   */
  public async reopen(jobId: string): Promise<boolean> {
    return this.#transition(
      jobId,
      'SET #status = :pending, updatedAt = :at REMOVE #error, finishedAt, leaseUntil, #owner',
      '#status IN (:failed, :cancelled)',
      { ':pending': 'pending', ':failed': 'failed', ':cancelled': 'cancelled' },
    );
  }

  /**
   * Cancels a `pending` or `running` job. A runner notices at its next checkpoint (conditional on
   * `running`), so at most one more batch is sent. `false` when the job is already finished.
   */
  public async cancel(jobId: string): Promise<boolean> {
    return this.#transition(
      jobId,
      'SET #status = :cancelled, finishedAt = :at, updatedAt = :at REMOVE leaseUntil',
      '#status IN (:pending, :running)',
      { ':cancelled': 'cancelled', ':pending': 'pending', ':running': 'running' },
    );
  }

  /** Marks the job finished (status, time, and the error when it failed) and releases the lease. */
  public async finish(
    jobId: string,
    owner: string,
    outcome: { status: 'succeeded' } | { status: 'failed'; error: { code: string; message: string } },
  ): Promise<void> {
    const failed = outcome.status === 'failed';
    await this.#ownedUpdate(
      jobId,
      owner,
      `SET #status = :final, finishedAt = :at, updatedAt = :at${failed ? ', #error = :error' : ''} REMOVE leaseUntil`,
      { ':final': outcome.status, ...(failed ? { ':error': outcome.error } : {}) },
    );
  }

  /** A conditional update of an existing job; `false` when the condition does not hold. */
  async #transition(
    jobId: string,
    expression: string,
    condition: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    try {
      await this.#documents.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { jobId },
          UpdateExpression: expression,
          ConditionExpression: `attribute_exists(jobId) AND (${condition})`,
          ExpressionAttributeNames: {
            '#status': 'status',
            ...(expression.includes('#owner') ? { '#owner': 'owner' } : {}),
            ...(expression.includes('#error') ? { '#error': 'error' } : {}),
          },
          ExpressionAttributeValues: { ...values, ':at': new Date(this.#now()).toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async #ownedUpdate(jobId: string, owner: string, expression: string, values: Record<string, unknown>) {
    try {
      await this.#documents.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { jobId },
          UpdateExpression: expression,
          ConditionExpression: '#owner = :owner AND #status = :running',
          ExpressionAttributeNames: {
            '#owner': 'owner',
            '#status': 'status',
            ...(expression.includes('#position') ? { '#position': 'position' } : {}),
            ...(expression.includes('#error') ? { '#error': 'error' } : {}),
          },
          ExpressionAttributeValues: {
            ...values,
            ':owner': owner,
            ':running': 'running',
            ':at': new Date(this.#now()).toISOString(),
          },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new LeaseLostError(jobId, { cause: error });
      throw error;
    }
  }
}
