import type { InvokeResult } from '../../src/esm/LambdaInvoker';
import { positionOf } from './sourceRecords';

/** One invocation the fake function received. */
export interface FakeCall {
  functionName: string;
  sequenceNumbers: string[];
  /** The positions of the records in the fake shard (see sequenceNumberAt). */
  positions: number[];
  /** The injected clock when the invocation started. */
  atMs: number;
  records: Array<Record<string, unknown>>;
  /** The whole event (with a tumbling window: `window`, `state`, `isFinalInvokeForWindow`…). */
  event: Record<string, unknown>;
}

/** Decides what one invocation returns; `index` counts invocations from 0. */
export type Responder = (call: FakeCall, index: number) => InvokeResult;

/** A successful invocation that returned `payload` (null: a handler that returns nothing). */
export const succeeded = (payload: unknown = null): InvokeResult => ({ ok: true, payload, durationMs: 3 });

/** An invocation whose handler threw. */
export const functionError = (errorMessage = 'boom', errorType = 'Error'): InvokeResult => ({
  ok: false,
  errorType,
  errorMessage,
  durationMs: 3,
});

/** A partial batch response naming these sequence numbers as failed. */
export const reportedFailures = (...sequenceNumbers: string[]): InvokeResult =>
  succeeded({ batchItemFailures: sequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) });

/** Fails every invocation whose batch holds one of these positions; succeeds otherwise. */
export const poisonedBy =
  (...positions: number[]): Responder =>
  (call) =>
    call.positions.some((position) => positions.includes(position)) ? functionError('poison') : succeeded();

/** A function behind the poller's `invoke`: records every batch and answers as `respond` says. */
export class FakeFunction {
  public readonly calls: FakeCall[] = [];
  readonly #respond: Responder;
  readonly #now: () => number;

  public constructor(respond: Responder = () => succeeded(), now: () => number = () => 0) {
    this.#respond = respond;
    this.#now = now;
  }

  public readonly invoke = async (functionName: string, payload: unknown): Promise<InvokeResult> => {
    const records = (payload as { Records: Array<Record<string, unknown>> }).Records;
    const sequenceNumbers = records.map(
      (record) => (record.kinesis as { sequenceNumber: string }).sequenceNumber,
    );
    const call: FakeCall = {
      functionName,
      sequenceNumbers,
      positions: sequenceNumbers.map(positionOf),
      atMs: this.#now(),
      records,
      event: payload as Record<string, unknown>,
    };
    this.calls.push(call);
    return this.#respond(call, this.calls.length - 1);
  };

  /** The positions of each batch, in invocation order. */
  public batches(): number[][] {
    return this.calls.map((call) => call.positions);
  }
}
