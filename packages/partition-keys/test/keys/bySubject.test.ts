import { bySubject, InvalidPartitionKeyError } from '../../src';

describe('bySubject', () => {
  it('keys an event by its subject id, so one entity stays on one shard', () => {
    expect(bySubject({ type: 'post', id: 'p-42' })).toBe('p-42');
  });

  it('gives every event of the same subject the same key', () => {
    const first = bySubject({ type: 'post', id: 'p-42' });
    const second = bySubject({ type: 'post', id: 'p-42' });

    expect(first).toBe(second);
  });

  it('ignores the subject type (ids are expected to be unique across types; use composite otherwise)', () => {
    expect(bySubject({ type: 'post', id: 'x-1' })).toBe(bySubject({ type: 'user', id: 'x-1' }));
  });

  it('accepts an id of exactly 256 characters', () => {
    const id = 'i'.repeat(256);

    expect(bySubject({ type: 'post', id })).toBe(id);
  });

  it.each([
    ['empty', ''],
    ['257 characters long', 'i'.repeat(257)],
  ])('refuses an id that is %s', (_case, id) => {
    expect(() => bySubject({ type: 'post', id })).toThrow(InvalidPartitionKeyError);
  });
});
