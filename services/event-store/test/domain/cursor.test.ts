import { isHttpError } from '@kes/http-api';
import { decodeCursor, encodeCursor, querySignature } from '../../src/domain/cursor';

const refusal = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
};

describe('cursors', () => {
  const q = querySignature('t', '2026-02-01T00:00:00.000Z', '2026-02-02T00:00:00.000Z', undefined);

  it('round-trips a time-range merge position', () => {
    const cursor = encodeCursor({ m: 't', q, b: '2026-02-01T11', a: '2026-02-01T11:00:00.000Z#id' });

    expect(decodeCursor(cursor, 't', q)).toEqual({
      m: 't',
      q,
      b: '2026-02-01T11',
      a: '2026-02-01T11:00:00.000Z#id',
    });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('round-trips a history position', () => {
    const hq = querySignature('h', 'post', 'p1');
    const cursor = encodeCursor({ m: 'h', q: hq, sk: 'e#000000000007#T#id' });

    expect(decodeCursor(cursor, 'h', hq).sk).toBe('e#000000000007#T#id');
  });

  it('refuses a cursor of another query with 400 InvalidCursor', () => {
    const other = querySignature('t', '2026-02-01T00:00:00.000Z', '2026-02-03T00:00:00.000Z', undefined);
    const cursor = encodeCursor({ m: 't', q: other, b: '2026-02-01T11' });

    const error = refusal(() => decodeCursor(cursor, 't', q));

    expect(isHttpError(error, 'InvalidCursor')).toBe(true);
    expect((error as Error).message).toMatch(/another query/);
  });

  it('refuses a history cursor given to a time range', () => {
    const cursor = encodeCursor({ m: 'h', q, sk: 'e#1' });

    expect(
      isHttpError(
        refusal(() => decodeCursor(cursor, 't', q)),
        'InvalidCursor',
      ),
    ).toBe(true);
  });

  it.each([
    ['not base64 JSON', '!!!'],
    ['JSON of the wrong shape', Buffer.from('{"m":"t","q":"x","b":"yesterday"}').toString('base64url')],
    ['an array', Buffer.from('[1,2]').toString('base64url')],
  ])('refuses %s with 400 InvalidCursor', (_, cursor) => {
    const error = refusal(() => decodeCursor(cursor, 't', q));

    expect(isHttpError(error, 'InvalidCursor')).toBe(true);
    expect((error as { statusCode: number }).statusCode).toBe(400);
  });
});
