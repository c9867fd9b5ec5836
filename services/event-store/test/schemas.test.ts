import { isHttpError } from '@kes/http-api';
import { eventsRequestOf, getEventsQuerySchema } from '../src/schemas';

const KNOWN = ['PostPublished', 'PostClapsTotalChanged'];
const request = (query: Record<string, string>) => eventsRequestOf(getEventsQuerySchema.parse(query), KNOWN);
const refusal = (query: Record<string, string>) => {
  try {
    request(query);
  } catch (error) {
    return error as { statusCode: number; code: string; message: string };
  }
  throw new Error('expected a refusal');
};

describe('GET /events parameters', () => {
  it('reads a subject’s history from subjectType and subjectId', () => {
    expect(request({ subjectType: 'post', subjectId: 'p1', limit: '5' })).toEqual({
      mode: 'subject',
      subject: { type: 'post', id: 'p1' },
      limit: 5,
    });
  });

  it('reads a time range from from and to, normalised to UTC', () => {
    expect(
      request({ from: '2026-02-01T13:00:00+02:00', to: '2026-02-01T12:00:00Z', type: 'PostPublished' }),
    ).toEqual({
      mode: 'time',
      from: '2026-02-01T11:00:00.000Z',
      to: '2026-02-01T12:00:00.000Z',
      type: 'PostPublished',
      limit: 20,
    });
  });

  it.each([
    ['both modes', { subjectType: 'post', subjectId: 'p1', from: '2026-02-01T00:00:00Z' }, 'AmbiguousQuery'],
    ['neither mode', {}, 'MissingParameter'],
    ['a subject type without an id', { subjectType: 'post' }, 'MissingParameter'],
    ['from without to', { from: '2026-02-01T00:00:00Z' }, 'MissingParameter'],
    ['only a type', { type: 'PostPublished' }, 'MissingParameter'],
    ['from after to', { from: '2026-02-02T00:00:00Z', to: '2026-02-01T00:00:00Z' }, 'InvalidTimeRange'],
    [
      'an unknown event type',
      { from: '2026-02-01T00:00:00Z', to: '2026-02-02T00:00:00Z', type: 'PostDeleted' },
      'UnknownEventType',
    ],
  ])('refuses %s with 400 %s', (_, query, code) => {
    const error = refusal(query);

    expect(isHttpError(error, code)).toBe(true);
    expect(error.statusCode).toBe(400);
  });

  it.each([
    ['an unparseable time', { from: 'yesterday', to: '2026-02-01T00:00:00Z' }],
    ['a time without a zone', { from: '2026-02-01T00:00:00', to: '2026-02-02T00:00:00Z' }],
    ['a limit of 0', { subjectType: 'post', subjectId: 'p1', limit: '0' }],
    ['a limit above 100', { subjectType: 'post', subjectId: 'p1', limit: '101' }],
    ['a limit that is not a number', { subjectType: 'post', subjectId: 'p1', limit: 'ten' }],
    ['an unknown parameter', { subjectType: 'post', subjectId: 'p1', subject: 'x' }],
  ])('refuses %s at validation', (_, query) => {
    expect(getEventsQuerySchema.safeParse(query).success).toBe(false);
  });
});
