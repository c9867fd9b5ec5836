import type { DynamoDBRecord } from 'aws-lambda';
import { partitionKeyOf } from '../../src';

const withKeys = (Keys: NonNullable<DynamoDBRecord['dynamodb']>['Keys']): DynamoDBRecord => ({
  dynamodb: { Keys },
});

describe('partitionKeyOf', () => {
  it('uses the only key attribute of a table without sort key', () => {
    expect(partitionKeyOf()(withKeys({ postId: { S: 'p1' } }))).toBe('p1');
  });

  it('reads numbers and binaries as their wire strings', () => {
    expect(partitionKeyOf()(withKeys({ n: { N: '42' } }))).toBe('42');
    expect(partitionKeyOf()(withKeys({ b: { B: 'AAE=' } }))).toBe('AAE=');
  });

  it('uses the named attribute of a composite key', () => {
    expect(partitionKeyOf('aggregateId')(withKeys({ aggregateId: { S: 'a' }, version: { N: '3' } }))).toBe(
      'a',
    );
  });

  it('refuses to guess which attribute of a composite key is the partition key', () => {
    expect(() => partitionKeyOf()(withKeys({ aggregateId: { S: 'a' }, version: { N: '3' } }))).toThrow(
      /2 attributes \(aggregateId, version\); set partitionKeyAttribute or keyOf/,
    );
  });

  it('refuses a named attribute that is not in Keys', () => {
    expect(() => partitionKeyOf('pk')(withKeys({ id: { S: 'a' } }))).toThrow(
      /no string, number or binary attribute "pk"/,
    );
  });
});
