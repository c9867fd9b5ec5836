import { matchesPattern, parseFilterPatterns, passesFilters } from '../../src/esm/filterPatterns';

/** Whether `view` passes one pattern given as the JSON object Lambda's FilterCriteria holds. */
const passes = (pattern: Record<string, unknown>, view: Record<string, unknown>): boolean =>
  passesFilters(parseFilterPatterns([JSON.stringify(pattern)]), view);

describe('filter patterns: exact values', () => {
  it('matches a string, a number, a boolean and null exactly', () => {
    expect(passes({ data: { type: ['Created'] } }, { data: { type: 'Created' } })).toBe(true);
    expect(passes({ data: { version: [3] } }, { data: { version: 3 } })).toBe(true);
    expect(passes({ data: { deleted: [false] } }, { data: { deleted: false } })).toBe(true);
    expect(passes({ data: { owner: [null] } }, { data: { owner: null } })).toBe(true);
  });

  it('does not match a different value, type or case', () => {
    expect(passes({ data: { type: ['Created'] } }, { data: { type: 'Deleted' } })).toBe(false);
    expect(passes({ data: { type: ['Created'] } }, { data: { type: 'created' } })).toBe(false);
    expect(passes({ data: { version: [3] } }, { data: { version: '3' } })).toBe(false);
  });

  it('matches an empty string only against an empty string', () => {
    expect(passes({ data: { note: [''] } }, { data: { note: '' } })).toBe(true);
    expect(passes({ data: { note: [''] } }, { data: { note: 'x' } })).toBe(false);
    expect(passes({ data: { note: [''] } }, { data: {} })).toBe(false);
  });

  it('does not match null against a missing field', () => {
    expect(passes({ data: { owner: [null] } }, { data: {} })).toBe(false);
  });

  it('matches any value of the list (OR within a field)', () => {
    const pattern = { data: { type: ['Created', 'Updated'] } };

    expect(passes(pattern, { data: { type: 'Updated' } })).toBe(true);
    expect(passes(pattern, { data: { type: 'Deleted' } })).toBe(false);
  });

  it('requires every field of the pattern to match (AND across fields)', () => {
    const pattern = { partitionKey: ['post-1'], data: { type: ['Created'] } };

    expect(passes(pattern, { partitionKey: 'post-1', data: { type: 'Created' } })).toBe(true);
    expect(passes(pattern, { partitionKey: 'post-2', data: { type: 'Created' } })).toBe(false);
    expect(passes(pattern, { partitionKey: 'post-1', data: { type: 'Deleted' } })).toBe(false);
  });
});

describe('filter patterns: string operators', () => {
  it('prefix matches strings that begin with it', () => {
    const pattern = { data: { type: [{ prefix: 'Post' }] } };

    expect(passes(pattern, { data: { type: 'PostCreated' } })).toBe(true);
    expect(passes(pattern, { data: { type: 'CommentCreated' } })).toBe(false);
    expect(passes(pattern, { data: { type: 42 } })).toBe(false);
  });

  it('suffix matches strings that end with it', () => {
    const pattern = { data: { file: [{ suffix: '.png' }] } };

    expect(passes(pattern, { data: { file: 'cat.png' } })).toBe(true);
    expect(passes(pattern, { data: { file: 'cat.jpg' } })).toBe(false);
  });

  it('equals-ignore-case matches the same string in any case', () => {
    const pattern = { data: { status: [{ 'equals-ignore-case': 'ACTIVE' }] } };

    expect(passes(pattern, { data: { status: 'active' } })).toBe(true);
    expect(passes(pattern, { data: { status: 'Active' } })).toBe(true);
    expect(passes(pattern, { data: { status: 'inactive' } })).toBe(false);
  });
});

describe('filter patterns: anything-but', () => {
  it('matches any value except the one given', () => {
    const pattern = { data: { type: [{ 'anything-but': 'Deleted' }] } };

    expect(passes(pattern, { data: { type: 'Created' } })).toBe(true);
    expect(passes(pattern, { data: { type: 'Deleted' } })).toBe(false);
  });

  it('matches any value except those listed', () => {
    const pattern = { data: { type: [{ 'anything-but': ['Deleted', 'Archived'] }] } };

    expect(passes(pattern, { data: { type: 'Created' } })).toBe(true);
    expect(passes(pattern, { data: { type: 'Archived' } })).toBe(false);
  });

  it('does not match a missing field', () => {
    expect(passes({ data: { type: [{ 'anything-but': 'Deleted' }] } }, { data: {} })).toBe(false);
  });
});

describe('filter patterns: numeric', () => {
  it('matches a range given as operator/bound pairs', () => {
    const pattern = { data: { price: [{ numeric: ['>', 0, '<=', 100] }] } };

    expect(passes(pattern, { data: { price: 0.5 } })).toBe(true);
    expect(passes(pattern, { data: { price: 100 } })).toBe(true);
    expect(passes(pattern, { data: { price: 0 } })).toBe(false);
    expect(passes(pattern, { data: { price: 100.01 } })).toBe(false);
  });

  it('matches equality and the other comparisons', () => {
    expect(passes({ data: { n: [{ numeric: ['=', 5] }] } }, { data: { n: 5 } })).toBe(true);
    expect(passes({ data: { n: [{ numeric: ['=', 5] }] } }, { data: { n: 6 } })).toBe(false);
    expect(passes({ data: { n: [{ numeric: ['<', 5] }] } }, { data: { n: 4 } })).toBe(true);
    expect(passes({ data: { n: [{ numeric: ['>=', 5] }] } }, { data: { n: 5 } })).toBe(true);
    expect(passes({ data: { n: [{ numeric: ['>=', 5] }] } }, { data: { n: 4.9 } })).toBe(false);
  });

  it('does not match a number written as a string', () => {
    expect(passes({ data: { n: [{ numeric: ['>', 0] }] } }, { data: { n: '5' } })).toBe(false);
  });
});

describe('filter patterns: exists', () => {
  it('exists: true matches a field that is present, whatever its value', () => {
    const pattern = { data: { deletedAt: [{ exists: true }] } };

    expect(passes(pattern, { data: { deletedAt: '2026-01-01' } })).toBe(true);
    expect(passes(pattern, { data: { deletedAt: null } })).toBe(true);
    expect(passes(pattern, { data: {} })).toBe(false);
  });

  it('exists: false matches a field that is absent', () => {
    const pattern = { data: { deletedAt: [{ exists: false }] } };

    expect(passes(pattern, { data: {} })).toBe(true);
    expect(passes(pattern, { data: { deletedAt: '2026-01-01' } })).toBe(false);
  });
});

describe('filter patterns: structure', () => {
  it('matches nested objects level by level', () => {
    const pattern = { data: { post: { author: { id: ['member-1'] } } } };

    expect(passes(pattern, { data: { post: { author: { id: 'member-1', name: 'A' } } } })).toBe(true);
    expect(passes(pattern, { data: { post: { author: { id: 'member-2' } } } })).toBe(false);
    expect(passes(pattern, { data: { post: 'not an object' } })).toBe(false);
    expect(passes(pattern, { data: {} })).toBe(false);
  });

  it('matches an array in the data when any of its elements matches', () => {
    const pattern = { data: { tags: ['urgent'] } };

    expect(passes(pattern, { data: { tags: ['low', 'urgent'] } })).toBe(true);
    expect(passes(pattern, { data: { tags: ['low'] } })).toBe(false);
    expect(passes({ data: { scores: [{ numeric: ['>', 90] }] } }, { data: { scores: [10, 95] } })).toBe(true);
  });

  it('ignores fields of the record the pattern does not mention', () => {
    expect(
      passes({ data: { type: ['Created'] } }, { partitionKey: 'k', data: { type: 'Created', x: 1 } }),
    ).toBe(true);
  });

  it('does not match when the data is not JSON (no data to look into)', () => {
    expect(passes({ data: { type: ['Created'] } }, { partitionKey: 'k', data: undefined })).toBe(false);
  });

  it('matches against one pattern with matchesPattern', () => {
    expect(matchesPattern({ a: ['x'] }, { a: 'x' })).toBe(true);
    expect(matchesPattern({ a: ['x'] }, { a: 'y' })).toBe(false);
  });
});

describe('filter patterns: several patterns', () => {
  const patterns = parseFilterPatterns([
    JSON.stringify({ data: { type: ['Created'] } }),
    JSON.stringify({ data: { priority: [{ numeric: ['>', 5] }] } }),
  ]);

  it('lets a record through when it matches any pattern (OR across patterns)', () => {
    expect(passesFilters(patterns, { data: { type: 'Created', priority: 1 } })).toBe(true);
    expect(passesFilters(patterns, { data: { type: 'Deleted', priority: 9 } })).toBe(true);
    expect(passesFilters(patterns, { data: { type: 'Deleted', priority: 1 } })).toBe(false);
  });

  it('lets every record through when there are no patterns', () => {
    expect(passesFilters([], { data: undefined })).toBe(true);
    expect(parseFilterPatterns(undefined)).toEqual([]);
  });
});

describe('filter patterns: invalid patterns', () => {
  it.each([
    ['text that is not JSON', '{data: {type: [Created]}}', /JSON/],
    ['a list instead of an object', '["Created"]', /must be a JSON object/],
    ['a string instead of an object', '"Created"', /must be a JSON object/],
    ['a field value that is not a list', '{"data": {"type": "Created"}}', /must be lists/],
    ['an unknown operator', '{"data": {"type": [{"wildcard": "Post*"}]}}', /Unsupported filter operator/],
    ['a numeric operator that does not exist', '{"data": {"n": [{"numeric": ["!=", 5]}]}}', /numeric/],
    ['a numeric bound that is not a number', '{"data": {"n": [{"numeric": [">", "five"]}]}}', /numeric/],
    ['exists that is not a boolean', '{"data": {"n": [{"exists": "yes"}]}}', /exists/],
    ['prefix that is not a string', '{"data": {"n": [{"prefix": 5}]}}', /prefix/],
  ])(
    'rejects %s when the mapping is created, with a message naming the problem',
    (_case, pattern, message) => {
      expect(() => parseFilterPatterns([pattern])).toThrow(message);
    },
  );

  it('names the pattern it rejects', () => {
    expect(() => parseFilterPatterns(['{"data": {"type": "Created"}}'])).toThrow('"Created"');
  });
});
