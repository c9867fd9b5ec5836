import { badRequest, conflict, HttpError, isHttpError, notFound, unprocessable } from '../src';

describe('HttpError', () => {
  it('carries a status, a stable code, a message, details and headers', () => {
    const details = [{ path: 'body.count', message: 'Too big' }];
    const cause = new Error('root cause');

    const error = new HttpError(400, 'ValidationError', 'body.count: Too big', {
      details,
      headers: { 'x-reason': 'limits' },
      cause,
    });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('HttpError');
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('ValidationError');
    expect(error.message).toBe('body.count: Too big');
    expect(error.details).toBe(details);
    expect(error.headers).toEqual({ 'x-reason': 'limits' });
    expect(error.cause).toBe(cause);
  });

  it('has no details, no extra headers and no cause unless given', () => {
    const error = new HttpError(404, 'PostNotFound', 'No post p1');

    expect(error.details).toBeUndefined();
    expect(error.headers).toEqual({});
    expect('cause' in error).toBe(false);
  });

  it.each([200, 302, 399, 600, 404.5])('refuses status %p: an HttpError is a refusal', (status) => {
    expect(() => new HttpError(status, 'Nope', 'nope')).toThrow(
      `HttpError status must be an integer from 400 to 599, got ${status}`,
    );
  });

  it('shows its name in a stack trace, so logs say what was thrown', () => {
    expect(new HttpError(409, 'Conflict', 'x').stack).toMatch(/^HttpError: x/);
  });
});

describe('isHttpError', () => {
  it('recognises an HttpError, optionally of one code', () => {
    const error = notFound('PostNotFound', 'No post p1');

    expect(isHttpError(error)).toBe(true);
    expect(isHttpError(error, 'PostNotFound')).toBe(true);
    expect(isHttpError(error, 'Other')).toBe(false);
  });

  it('rejects other errors and look-alikes', () => {
    expect(isHttpError(new Error('x'))).toBe(false);
    expect(isHttpError({ statusCode: 404, code: 'PostNotFound', message: 'x' })).toBe(false);
    expect(isHttpError(undefined)).toBe(false);
  });
});

describe('error helpers', () => {
  const details = [{ path: 'body.title', message: 'Required' }];

  it.each([
    { helper: 'badRequest', error: badRequest('SelfClap', 'No clapping for yourself', details), status: 400 },
    { helper: 'notFound', error: notFound('PostNotFound', 'No post p1'), status: 404 },
    { helper: 'conflict', error: conflict('VersionConflict', 'Stale', details), status: 409 },
    { helper: 'unprocessable', error: unprocessable('ClapLimit', 'Too many claps', details), status: 422 },
  ])('$helper builds an HttpError with status $status', ({ error, status }) => {
    expect(error).toBeInstanceOf(HttpError);
    expect(error.statusCode).toBe(status);
  });

  it('pass code, message and details through', () => {
    const error = unprocessable('ClapLimit', 'A member can clap at most 50 times', details);

    expect([error.code, error.message, error.details]).toEqual([
      'ClapLimit',
      'A member can clap at most 50 times',
      details,
    ]);
  });
});
