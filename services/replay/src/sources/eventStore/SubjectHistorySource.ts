import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Envelope, Subject } from '@kes/envelope';
import type { ReplaySource, SourceItem, SourcePosition } from '../types';
import { EVENT_SK_PREFIX, EVENTS_END, normalizeTime, subjectPk } from './eventsTableContract';

export interface SubjectHistorySourceOptions {
  documents: DynamoDBDocumentClient;
  table: string;
  subjects: Subject[];
  from: string;
  to: string;
  /** Items per Query. Default 500. */
  pageSize?: number;
}

/** `subject`: index into the subjects; `afterSk`: the last event key handled in its history. */
interface HistoryPosition {
  subject: number;
  afterSk?: string;
}

/**
 * The events of a few subjects, one subject after the other, each in version order (its history in the
 * event store's table), restricted to the time range by DynamoDB. Cheaper than the time index when the
 * subjects are known, and independent of clock skew between producers.
 */
export class SubjectHistorySource implements ReplaySource {
  readonly #options: SubjectHistorySourceOptions;

  public constructor(options: SubjectHistorySourceOptions) {
    this.#options = options;
  }

  public async *read(position: SourcePosition | undefined): AsyncIterable<SourceItem> {
    const start = position as HistoryPosition | undefined;
    const { subjects } = this.#options;
    for (let index = start?.subject ?? 0; index < subjects.length; index++) {
      const subject = subjects[index];
      if (!subject) continue;
      let afterSk = index === start?.subject ? start.afterSk : undefined;
      let next: Record<string, unknown> | undefined;
      do {
        const result = await this.#options.documents.send(
          new QueryCommand({
            TableName: this.#options.table,
            // Event keys only (`e#…` < `e$`); a key condition, since a filter may not name key attributes.
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
            FilterExpression: '#at >= :from AND #at < :to',
            ExpressionAttributeNames: { '#at': 'at' },
            ExpressionAttributeValues: {
              ':pk': subjectPk(subject),
              ':lower': afterSk ?? EVENT_SK_PREFIX,
              ':upper': EVENTS_END,
              ':from': normalizeTime(this.#options.from),
              ':to': normalizeTime(this.#options.to),
            },
            Limit: this.#options.pageSize ?? 500,
            ...(next ? { ExclusiveStartKey: next } : {}),
          }),
        );
        for (const item of result.Items ?? []) {
          if (item.sk === afterSk) continue;
          afterSk = String(item.sk);
          yield { event: item.event as Envelope, position: { subject: index, afterSk } };
        }
        next = result.LastEvaluatedKey;
      } while (next);
      yield { position: { subject: index + 1 } };
    }
  }
}
