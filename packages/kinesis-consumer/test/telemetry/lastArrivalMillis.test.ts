import { lastArrivalMillis } from '../../src';

describe('lastArrivalMillis', () => {
  it('reads the last Kinesis record’s approximateArrivalTimestamp (seconds, fractional) as milliseconds', () => {
    const records = [
      { kinesis: { approximateArrivalTimestamp: 100 } },
      { kinesis: { approximateArrivalTimestamp: 105.25 } },
    ];

    expect(lastArrivalMillis(records)).toBe(105_250);
  });

  it('reads the last DynamoDB record’s ApproximateCreationDateTime (seconds) as milliseconds', () => {
    expect(lastArrivalMillis([{ dynamodb: { ApproximateCreationDateTime: 7 } }])).toBe(7_000);
  });

  it('has no arrival for an empty batch or a record without one', () => {
    expect(lastArrivalMillis([])).toBeUndefined();
    expect(lastArrivalMillis([{ kinesis: {} }])).toBeUndefined();
  });
});
