import { InvalidOptionError, shardIdOf } from '../../src';

describe('shardIdOf', () => {
  it.each<[number, string]>([
    [0, 'shardId-000000000000'],
    [7, 'shardId-000000000007'],
    [123456, 'shardId-000000123456'],
    [999_999_999_999, 'shardId-999999999999'],
  ])('names shard %i %s', (index, id) => {
    expect(shardIdOf(index)).toBe(id);
  });

  it.each([-1, 0.5, Number.NaN])('refuses index %p', (index) => {
    expect(() => shardIdOf(index)).toThrow(InvalidOptionError);
  });
});
