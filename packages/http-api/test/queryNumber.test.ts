import { z } from 'zod';
import { queryNumber } from '../src';

const messagesOf = (schema: z.ZodType, value: unknown): string[] => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('queryNumber', () => {
  describe('integers', () => {
    const limit = queryNumber({ integer: true, min: 1, max: 100 });

    it.each([
      ['1', 1],
      ['50', 50],
      ['100', 100],
      [' 7 ', 7],
      ['+3', 3],
      ['007', 7],
    ])('reads %p as %p', (text, number) => {
      expect(limit.parse(text)).toBe(number);
    });

    it.each(['', ' ', 'abc', '1.5', '0x10', '1e2', '5px', 'Infinity'])(
      'refuses %p: not written as an integer',
      (text) => {
        expect(messagesOf(limit, text)).toEqual(['Expected an integer']);
      },
    );

    it('enforces the bounds with messages that state them', () => {
      expect(messagesOf(limit, '0')).toEqual(['Too small: expected number to be >=1']);
      expect(messagesOf(limit, '101')).toEqual(['Too big: expected number to be <=100']);
    });

    it('refuses an integer too large to be exact in JavaScript', () => {
      expect(messagesOf(queryNumber({ integer: true }), '9007199254740993')).toEqual([
        'Too big: expected int to be <=9007199254740991',
      ]);
    });

    it('does what z.coerce.number() does not: refuses an empty value instead of reading 0', () => {
      expect(z.coerce.number().min(0).parse('')).toBe(0);
      expect(messagesOf(queryNumber({ integer: true, min: 0 }), '')).toEqual(['Expected an integer']);
    });
  });

  describe('decimals', () => {
    const score = queryNumber({ min: 0, max: 1 });

    it.each([
      ['0.5', 0.5],
      ['.25', 0.25],
      ['1.', 1],
      ['1e-1', 0.1],
      ['-0', -0],
    ])('reads %p as %p', (text, number) => {
      expect(score.parse(text)).toBe(number);
    });

    it.each(['', 'NaN', 'Infinity', '1,5', '0.5.1', '--1', 'e5'])(
      'refuses %p: not written as a number',
      (text) => {
        expect(messagesOf(score, text)).toEqual(['Expected a number']);
      },
    );

    it('refuses a number too large to represent', () => {
      expect(messagesOf(queryNumber(), '1e400')).toEqual([
        'Invalid input: expected number, received Infinity',
      ]);
    });

    it('enforces the bounds', () => {
      expect(messagesOf(score, '1.5')).toEqual(['Too big: expected number to be <=1']);
    });
  });

  describe('in a query schema', () => {
    const query = z.object({
      limit: queryNumber({ integer: true, min: 1, max: 100 }).default(20),
      minScore: queryNumber({ min: 0 }).optional(),
    });

    it('applies the default when the parameter is left out', () => {
      expect(query.parse({})).toEqual({ limit: 20 });
    });

    it('reads the parameters that are given', () => {
      expect(query.parse({ limit: '5', minScore: '0.5' })).toEqual({ limit: 5, minScore: 0.5 });
    });

    it('types the output as numbers', () => {
      const parsed = query.parse({ limit: '5' });
      // The assignments are the assertion: `tsc` fails if the output type is not a number.
      const limit: number = parsed.limit;
      const minScore: number | undefined = parsed.minScore;
      expect([limit, minScore]).toEqual([5, undefined]);
    });
  });
});
