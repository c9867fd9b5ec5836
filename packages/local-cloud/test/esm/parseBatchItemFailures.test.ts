import { parseBatchItemFailures } from '../../src/esm/ShardPoller';
import { sequenceNumberAt as seq, sourceRecords } from '../helpers/sourceRecords';

const delivered = sourceRecords(1, 3);

describe('parseBatchItemFailures', () => {
  it.each<[string, unknown]>([
    ['null (a handler that returns nothing)', null],
    ['undefined', undefined],
    ['an empty body', ''],
    ['an object without batchItemFailures', { processed: 3 }],
    ['batchItemFailures: null', { batchItemFailures: null }],
    ['an empty batchItemFailures list', { batchItemFailures: [] }],
  ])('reads %s as success (no failures)', (_case, payload) => {
    expect(parseBatchItemFailures(payload, delivered)).toEqual([]);
  });

  it('returns the reported sequence numbers, in the order reported', () => {
    const payload = { batchItemFailures: [{ itemIdentifier: seq(3) }, { itemIdentifier: seq(2) }] };

    expect(parseBatchItemFailures(payload, delivered)).toEqual([seq(3), seq(2)]);
  });

  it.each<[string, unknown]>([
    ['a string payload', 'failed'],
    ['a number payload', 500],
    ['a list payload', [{ itemIdentifier: seq(1) }]],
    ['batchItemFailures that is not a list', { batchItemFailures: { itemIdentifier: seq(1) } }],
    ['an identifier of no record of the batch', { batchItemFailures: [{ itemIdentifier: seq(99) }] }],
    ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null identifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['a numeric identifier', { batchItemFailures: [{ itemIdentifier: 1 }] }],
    ['an entry without itemIdentifier', { batchItemFailures: [{}] }],
    ['a null entry', { batchItemFailures: [null] }],
    [
      'one bad entry among good ones',
      { batchItemFailures: [{ itemIdentifier: seq(1) }, { itemIdentifier: 'nope' }] },
    ],
  ])('reads %s as an invalid response', (_case, payload) => {
    expect(parseBatchItemFailures(payload, delivered)).toBe('invalid');
  });

  it('only accepts identifiers of the records that were delivered, not of records filtered out', () => {
    const payload = { batchItemFailures: [{ itemIdentifier: seq(4) }] };

    expect(parseBatchItemFailures(payload, sourceRecords(1, 3))).toBe('invalid');
    expect(parseBatchItemFailures(payload, sourceRecords(1, 4))).toEqual([seq(4)]);
  });
});
