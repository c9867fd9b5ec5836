import type { InvokeResult } from '../../src/esm/LambdaInvoker';
import { assertProcessorsEmulated, delimiterOf, processRecords } from '../../src/firehose/processRecords';
import type { BufferedRecord, DeliveryStreamDefinition, ProcessorDefinition } from '../../src/firehose/types';

const record = (data: string, sequenceNumber: string): BufferedRecord => ({
  shardId: 'shardId-000000000000',
  sequenceNumber,
  partitionKey: 'p-1',
  data: Buffer.from(data),
  arrivalMs: 1_700_000_000_000,
});
const definition = (processors: ProcessorDefinition[]): DeliveryStreamDefinition => ({
  stackName: 's',
  logicalId: 'L',
  deliveryStreamName: 'd',
  deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/d',
  sourceStreamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s',
  bucketName: 'b',
  bufferingHints: { sizeInMBs: 5, intervalInSeconds: 300 },
  compressionFormat: 'GZIP',
  processors,
});
const newline: ProcessorDefinition = { type: 'AppendDelimiterToRecord', parameters: { Delimiter: '\\n' } };
const lambda: ProcessorDefinition = {
  type: 'Lambda',
  parameters: { LambdaArn: 'arn:aws:lambda:us-east-1:000000000000:function:transform', NumberOfRetries: '2' },
};
const now = () => 1_700_000_001_000;

describe('processRecords', () => {
  it('appends the delimiter to every record, so the object is newline-delimited JSON', async () => {
    const result = await processRecords([record('{"a":1}', '1'), record('{"a":2}', '2')], {
      definition: definition([newline]),
      now,
    });

    expect(Buffer.concat(result.delivered.map((r) => r.data)).toString()).toBe('{"a":1}\n{"a":2}\n');
    expect(result.failed).toEqual([]);
  });

  it('concatenates records with nothing in between without a processor (what Firehose does by default)', async () => {
    const result = await processRecords([record('{"a":1}', '1'), record('{"a":2}', '2')], {
      definition: definition([]),
      now,
    });
    expect(Buffer.concat(result.delivered.map((r) => r.data)).toString()).toBe('{"a":1}{"a":2}');
  });

  it('unescapes the delimiter as written in templates, newline by default', () => {
    expect(delimiterOf({ type: 'AppendDelimiterToRecord', parameters: { Delimiter: '\\r\\n' } })).toBe(
      '\r\n',
    );
    expect(delimiterOf({ type: 'AppendDelimiterToRecord', parameters: {} })).toBe('\n');
  });

  it('sends records through a Lambda processor: Ok is transformed, Dropped left out, ProcessingFailed fails', async () => {
    const events: unknown[] = [];
    const invoke = async (_name: string, event: unknown): Promise<InvokeResult> => {
      events.push(event);
      const { records } = event as { records: Array<{ recordId: string; data: string }> };
      const results = ['Ok', 'Dropped', 'ProcessingFailed'];
      return {
        ok: true,
        durationMs: 1,
        payload: {
          records: records.map((r, i) => ({
            recordId: r.recordId,
            result: results[i],
            data: Buffer.from(Buffer.from(r.data, 'base64').toString().toUpperCase()).toString('base64'),
          })),
        },
      };
    };

    const result = await processRecords([record('a', '1'), record('b', '2'), record('c', '3')], {
      definition: definition([lambda, newline]),
      invoke,
      now,
    });

    expect(result.delivered.map((r) => r.data.toString())).toEqual(['A\n']);
    expect(result.failed).toEqual([
      expect.objectContaining({
        errorCode: 'Lambda.ProcessingFailedStatus',
        attemptsMade: 1,
        record: expect.objectContaining({ sequenceNumber: '3' }),
      }),
    ]);
    expect(events[0]).toMatchObject({
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/d',
      records: [
        expect.objectContaining({
          data: Buffer.from('a').toString('base64'),
          kinesisRecordMetadata: expect.objectContaining({ partitionKey: 'p-1', sequenceNumber: '1' }),
        }),
        expect.anything(),
        expect.anything(),
      ],
    });
  });

  it('fails every record after NumberOfRetries + 1 failed invocations', async () => {
    let calls = 0;
    const invoke = async (): Promise<InvokeResult> => {
      calls += 1;
      return { ok: false, errorType: 'Error', errorMessage: 'boom', durationMs: 1 };
    };

    const result = await processRecords([record('a', '1')], {
      definition: definition([lambda]),
      invoke,
      now,
    });

    expect(calls).toBe(3);
    expect(result.delivered).toEqual([]);
    expect(result.failed).toEqual([
      expect.objectContaining({
        errorCode: 'Lambda.FunctionError',
        errorMessage: 'Error: boom',
        attemptsMade: 3,
        lambdaArn: lambda.parameters.LambdaArn,
      }),
    ]);
  });

  it('refuses processors it does not emulate', () => {
    expect(() =>
      assertProcessorsEmulated(definition([{ type: 'RecordDeAggregation', parameters: {} }])),
    ).toThrow(/RecordDeAggregation/);
  });
});
