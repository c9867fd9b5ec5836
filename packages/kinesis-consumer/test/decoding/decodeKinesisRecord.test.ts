import { decodeKinesisRecord, InvalidBatchError } from '../../src';
import { counterChanged, counterEvents } from '../helpers/counterEvents';
import { kinesisRecord, SHARD_ID } from '../helpers/kinesisEvents';

const data = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
const recordOf = (fields: Partial<Parameters<typeof kinesisRecord>[0]> = {}) =>
  kinesisRecord({ partitionKey: 'A', sequenceNumber: '1', data: data(counterChanged('A', 1)), ...fields });

describe('decodeKinesisRecord', () => {
  it('decodes a valid record into the event and its meta', () => {
    const decoded = decodeKinesisRecord(recordOf(), 4, counterEvents);

    expect(decoded).toMatchObject({ status: 'decoded', index: 4, item: { event: counterChanged('A', 1) } });
    expect(decoded.meta).toMatchObject({ sequenceNumber: '1', partitionKey: 'A', shardOrStream: SHARD_ID });
  });

  it('falls back to the stream name when eventID does not carry the shard id', () => {
    const record = { ...recordOf(), eventID: 'opaque' };

    expect(decodeKinesisRecord(record, 0, counterEvents).meta.shardOrStream).toBe('claps');
  });

  it('marks a valid envelope of an unregistered type as unknown-type, not malformed', () => {
    const other = { ...counterChanged('A', 1), type: 'Renamed' };

    expect(decodeKinesisRecord(recordOf({ data: data(other) }), 0, counterEvents).status).toBe(
      'unknown-type',
    );
  });

  it('marks an envelope missing required fields as malformed, naming each', () => {
    const { id: _id, version: _version, ...partial } = counterChanged('A', 1);

    const decoded = decodeKinesisRecord(recordOf({ data: data(partial) }), 0, counterEvents);

    expect(decoded.status).toBe('malformed');
    if (decoded.status !== 'malformed') return;
    expect(decoded.reason.issues.map((issue) => issue.path).sort()).toEqual(['id', 'version']);
  });

  it.each([
    ['sequenceNumber', { sequenceNumber: '' }, /no kinesis.sequenceNumber/],
    ['partitionKey', { partitionKey: '' }, /no kinesis.partitionKey/],
    ['approximateArrivalTimestamp', { arrivalSeconds: Number.NaN }, /no kinesis.approximateArrivalTimestamp/],
  ])(
    'throws InvalidBatchError for a record without %s (Lambda always sends it)',
    (_field, fields, message) => {
      const decode = () => decodeKinesisRecord(recordOf(fields), 2, counterEvents);

      expect(decode).toThrow(InvalidBatchError);
      expect(decode).toThrow(message);
    },
  );
});
