import type { PutRecordsCommand, PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';
import type { PutRecordsClient } from '../../src';

/** One entry of a PutRecords call, with its data as text. */
export interface SentEntry {
  partitionKey: string;
  data: string;
  explicitHashKey?: string;
}

export interface FakePutRecordsOptions {
  /** The per-record ErrorCode to answer for an entry on its nth sighting (0 = first), or undefined to store it. */
  recordError?: (entry: SentEntry, sighting: number) => string | undefined;
  /** Throws this from the call instead of answering (callIndex counts from 0). */
  callError?: (callIndex: number) => unknown;
}

/**
 * A Kinesis PutRecords endpoint in memory: stores entries in arrival order with increasing sequence numbers
 * (a single shard), answers per-record `ErrorCode`s a test asks for, and keeps every call's entries.
 */
export class FakePutRecords implements PutRecordsClient {
  public readonly calls: SentEntry[][] = [];
  public readonly stored: SentEntry[] = [];
  readonly #options: FakePutRecordsOptions;
  readonly #sightings = new Map<string, number>();
  #sequence = 49_600_000_000_000_000_000n;

  public constructor(options: FakePutRecordsOptions = {}) {
    this.#options = options;
  }

  public async send(command: PutRecordsCommand): Promise<PutRecordsCommandOutput> {
    const entries: SentEntry[] = (command.input.Records ?? []).map((record) => ({
      partitionKey: record.PartitionKey ?? '',
      data: Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'),
      ...(record.ExplicitHashKey ? { explicitHashKey: record.ExplicitHashKey } : {}),
    }));
    const callIndex = this.calls.length;
    this.calls.push(entries);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const callError = this.#options.callError?.(callIndex);
    if (callError) throw callError;
    let failed = 0;
    const records = entries.map((entry) => {
      const sighting = this.#sightings.get(entry.data) ?? 0;
      this.#sightings.set(entry.data, sighting + 1);
      const errorCode = this.#options.recordError?.(entry, sighting);
      if (errorCode) {
        failed++;
        return { ErrorCode: errorCode, ErrorMessage: `${errorCode} for ${entry.partitionKey}` };
      }
      this.stored.push(entry);
      this.#sequence += 1n;
      return { SequenceNumber: this.#sequence.toString(), ShardId: 'shardId-000000000000' };
    });
    return { FailedRecordCount: failed, Records: records, $metadata: {} };
  }

  /** The data stored for `partitionKey`, in arrival order. */
  public storedFor(partitionKey: string): string[] {
    return this.stored.filter((entry) => entry.partitionKey === partitionKey).map((entry) => entry.data);
  }
}
