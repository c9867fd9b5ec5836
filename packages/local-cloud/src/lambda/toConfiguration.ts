import type { MappingDefinition } from '../provision/definitions';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../provision/types';
import type { EventSourceMappingConfiguration, MappingState } from './types';

/** What the local Lambda knows of one mapping, besides what the engine runs. */
export interface MappingRecord {
  definition: MappingDefinition;
  functionArn: string;
  state: MappingState;
  lastModifiedMs: number;
  /** Where it came from: a template (re-provisioned on every start) or the API (persisted). */
  origin: 'template' | 'api';
  /** Creation order: List pages through mappings in it. */
  seq: number;
  /** Why the engine could not run it, when it could not. */
  problem?: string;
}

/**
 * The EventSourceMappingConfiguration Lambda answers for a stream mapping, AWS's defaults filled in.
 * `invocations` is how many batches the engine delivered (for `LastProcessingResult`).
 */
export const toConfiguration = (record: MappingRecord, invocations = 0): EventSourceMappingConfiguration => {
  const d = record.definition;
  const lastProcessingResult = record.problem
    ? `PROBLEM: ${record.problem}`
    : invocations > 0
      ? 'OK'
      : 'No records processed';
  return {
    UUID: d.uuid,
    EventSourceMappingArn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:event-source-mapping:${d.uuid}`,
    StartingPosition: d.startingPosition ?? 'LATEST',
    ...(d.startingPositionTimestamp !== undefined
      ? { StartingPositionTimestamp: d.startingPositionTimestamp }
      : {}),
    BatchSize: d.batchSize ?? 100,
    MaximumBatchingWindowInSeconds: d.maximumBatchingWindowInSeconds ?? 0,
    ParallelizationFactor: d.parallelizationFactor ?? 1,
    EventSourceArn: d.eventSourceArn,
    ...(d.filterPatterns?.length
      ? { FilterCriteria: { Filters: d.filterPatterns.map((Pattern) => ({ Pattern })) } }
      : {}),
    FunctionArn: record.functionArn,
    LastModified: record.lastModifiedMs / 1000,
    LastProcessingResult: lastProcessingResult,
    State: record.state,
    StateTransitionReason: 'USER_INITIATED',
    DestinationConfig: {
      OnFailure: d.onFailureDestinationArn ? { Destination: d.onFailureDestinationArn } : {},
    },
    MaximumRecordAgeInSeconds: d.maximumRecordAgeInSeconds ?? -1,
    BisectBatchOnFunctionError: d.bisectBatchOnFunctionError ?? false,
    MaximumRetryAttempts: d.maximumRetryAttempts ?? -1,
    TumblingWindowInSeconds: d.tumblingWindowInSeconds ?? 0,
    FunctionResponseTypes: d.functionResponseTypes ?? [],
  };
};
