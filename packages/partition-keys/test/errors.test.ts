import {
  InvalidHashKeyError,
  InvalidOptionError,
  InvalidPartitionKeyError,
  InvalidShardError,
  isPartitionKeyError,
  NoShardForHashKeyError,
  PartitionKeyError,
} from '../src';

describe('errors', () => {
  describe.each([
    ['InvalidPartitionKeyError', () => new InvalidPartitionKeyError('', 'empty'), 'INVALID_PARTITION_KEY'],
    ['InvalidHashKeyError', () => new InvalidHashKeyError('-1'), 'INVALID_HASH_KEY'],
    ['InvalidShardError', () => new InvalidShardError('s', 'ShardId', 'is missing'), 'INVALID_SHARD'],
    ['NoShardForHashKeyError', () => new NoShardForHashKeyError(1n, ['s']), 'NO_SHARD_FOR_HASH_KEY'],
    ['InvalidOptionError', () => new InvalidOptionError('top', -1, 'an integer ≥ 0'), 'INVALID_OPTION'],
  ] as const)('%s', (name, make, code) => {
    it(`is named ${name} and has code ${code}`, () => {
      const error = make();

      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
    });

    it('is a PartitionKeyError and an Error, recognised by isPartitionKeyError with and without its code', () => {
      const error = make();

      expect(error).toBeInstanceOf(PartitionKeyError);
      expect(error).toBeInstanceOf(Error);
      expect(isPartitionKeyError(error)).toBe(true);
      expect(isPartitionKeyError(error, code)).toBe(true);
    });

    it('is not recognised under another code', () => {
      const other = code === 'INVALID_OPTION' ? 'INVALID_SHARD' : 'INVALID_OPTION';

      expect(isPartitionKeyError(make(), other)).toBe(false);
    });
  });

  it('isPartitionKeyError rejects other errors and non-errors', () => {
    const lookalike = Object.assign(new Error('x'), { code: 'INVALID_PARTITION_KEY' });

    expect(isPartitionKeyError(lookalike)).toBe(false);
    expect(isPartitionKeyError(new RangeError('x'))).toBe(false);
    expect(isPartitionKeyError({ code: 'INVALID_OPTION' })).toBe(false);
    expect(isPartitionKeyError(undefined)).toBe(false);
  });

  it('InvalidPartitionKeyError keeps the key, its length, the reason and the cause', () => {
    const cause = new Error('root');

    const error = new InvalidPartitionKeyError('abc', 'too short', { cause });

    expect(error).toMatchObject({ partitionKey: 'abc', length: 3, reason: 'too short', cause });
    expect(error.message).toBe('Invalid partition key "abc": too short');
  });

  it('InvalidShardError names the shard and the field, or says the ShardId is missing', () => {
    expect(new InvalidShardError('shardId-1', 'HashKeyRange', 'starts after it ends').message).toBe(
      'Invalid shard shardId-1: HashKeyRange starts after it ends',
    );
    expect(new InvalidShardError(undefined, 'ShardId', 'is missing').message).toBe(
      'Invalid shard (no ShardId): ShardId is missing',
    );
  });

  it('NoShardForHashKeyError tells the reader to pass every open shard', () => {
    const error = new NoShardForHashKeyError(42n, ['a', 'b']);

    expect(error.message).toBe(
      'No open shard owns hash key 42 (open shards: a, b); pass every open shard of the stream',
    );
    expect(error.hashKey).toBe(42n);
  });

  it('InvalidOptionError states what was expected and what came', () => {
    const error = new InvalidOptionError('top', -1, 'an integer ≥ 0');

    expect(error).toMatchObject({ option: 'top', value: -1 });
    expect(error.message).toBe('Invalid top: expected an integer ≥ 0, got -1');
  });
});
