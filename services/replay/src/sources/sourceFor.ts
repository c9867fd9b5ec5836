import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReplaySpec } from '../job/spec';
import { DEFAULT_TIME_INDEX_SHARDS } from './eventStore/eventsTableContract';
import { SubjectHistorySource } from './eventStore/SubjectHistorySource';
import { TimeIndexSource } from './eventStore/TimeIndexSource';
import { LakeSource } from './lake/LakeSource';
import type { ReplaySource } from './types';

export interface SourceDependencies {
  documents: DynamoDBDocumentClient;
  s3: S3Client;
  /** The event store's table (`kes-<stage>-events`). */
  eventsTable: string;
  /** The event store's `timeIndexShards`. Default 8. */
  timeIndexShards?: number;
  /** The lake bucket. */
  lakeBucket?: string;
}

/**
 * The source of a spec: the lake; the subjects' histories when the spec names subjects; else the time
 * index (types filtered by DynamoDB).
 */
export const sourceFor =
  (deps: SourceDependencies) =>
  (spec: ReplaySpec): ReplaySource => {
    if (spec.source === 'lake') {
      if (!deps.lakeBucket) throw new Error('no lake bucket configured for a lake replay');
      return new LakeSource({ s3: deps.s3, bucket: deps.lakeBucket, from: spec.from, to: spec.to });
    }
    if (spec.subjects)
      return new SubjectHistorySource({
        documents: deps.documents,
        table: deps.eventsTable,
        subjects: spec.subjects,
        from: spec.from,
        to: spec.to,
      });
    return new TimeIndexSource({
      documents: deps.documents,
      table: deps.eventsTable,
      shards: deps.timeIndexShards ?? DEFAULT_TIME_INDEX_SHARDS,
      from: spec.from,
      to: spec.to,
      ...(spec.types ? { types: spec.types } : {}),
    });
  };
