import type { ErrorBody } from './helpers/apiTypes';
import { System } from './helpers/system';

const system = System.shared();

const expectError = (
  response: { status: number; body: unknown },
  status: number,
  code: string,
  message?: RegExp,
) => {
  expect(response.status).toBe(status);
  const body = response.body as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  if (message) expect(body.error.message).toMatch(message);
};

describe('bad HTTP input gets a 4xx with a JSON error that says what is wrong, and changes nothing', () => {
  let postId: string;
  const member = 'strict-member';

  beforeAll(async () => {
    postId = await system.createClappablePost();
    await system.call('PUT', `/posts/${postId}/claps`, { memberId: member, body: { count: 3 } });
  });

  afterEach(async () => {
    // Whatever a bad request tried, the member's claps are what the one good request set.
    const mine = await system.call('GET', `/posts/${postId}/claps/me`, { memberId: member });
    expect(mine.body).toMatchObject({ count: 3, version: 1 });
  });

  it.each([
    ['a count above 50', { count: 51 }, /body\.count/],
    ['a negative count', { count: -1 }, /body\.count/],
    ['a fractional count', { count: 2.5 }, /body\.count/],
    ['a count that is a string', { count: '3' }, /body\.count/],
    ['a missing count', {}, /body\.count/],
    ['an unknown field', { count: 3, extra: true }, /extra/],
  ])('refuses %s with 400 ValidationError naming the field', async (_, body, message) => {
    const response = await system.call('PUT', `/posts/${postId}/claps`, { memberId: member, body });
    expectError(response, 400, 'ValidationError', message);
  });

  it('refuses malformed JSON with 400 MalformedJson and where it broke', async () => {
    const response = await system.call('PUT', `/posts/${postId}/claps`, {
      memberId: member,
      rawBody: '{"count": ',
      headers: { 'content-type': 'application/json' },
    });
    expectError(response, 400, 'MalformedJson', /position/);
  });

  it('refuses a JSON array as the body', async () => {
    const response = await system.call('PUT', `/posts/${postId}/claps`, { memberId: member, body: [3] });
    expectError(response, 400, 'ValidationError');
  });

  it('refuses a missing body with 400 MissingBody', async () => {
    const response = await system.call('PUT', `/posts/${postId}/claps`, { memberId: member });
    expectError(response, 400, 'MissingBody');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await system.call('PUT', `/posts/${postId}/claps`, {
      memberId: member,
      rawBody: 'count=3',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(response, 415, 'UnsupportedMediaType');
  });

  it('refuses a body over 64 KiB with 413 PayloadTooLarge', async () => {
    const response = await system.call('POST', '/posts', {
      memberId: member,
      body: { title: 'Too long', body: 'x'.repeat(70_000) },
    });
    expectError(response, 413, 'PayloadTooLarge');
  });

  it.each([
    ['too long', 'p'.repeat(65)],
    ['with a forbidden character', 'post.1'],
    ['with a space', 'post%201'],
  ])('refuses a postId %s with 400 ValidationError on path.postId', async (_, badId) => {
    const response = await system.call('PUT', `/posts/${badId}/claps`, {
      memberId: member,
      body: { count: 1 },
    });
    expectError(response, 400, 'ValidationError', /path\.postId/);
  });

  it('answers 404 PostNotFound for claps on a post that does not exist', async () => {
    const response = await system.call('PUT', '/posts/no-such-post/claps', {
      memberId: member,
      body: { count: 1 },
    });
    expectError(response, 404, 'PostNotFound');
    const read = await system.call('GET', '/posts/no-such-post');
    expectError(read, 404, 'PostNotFound');
  });

  it('refuses a request without a token with 401', async () => {
    const response = await system.call('PUT', `/posts/${postId}/claps`, {
      memberId: null,
      body: { count: 9 },
    });
    expectError(response, 401, 'Unauthorized', /Authorization/);
  });

  it.each([
    ['not a JWT', 'Bearer not-a-token'],
    ['signed with another key', 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
    ['not a bearer token', 'Basic dXNlcjpwYXNz'],
  ])('refuses a token that is %s with 401', async (_, header) => {
    const response = await system.call('PUT', `/posts/${postId}/claps`, {
      memberId: null,
      headers: { authorization: header },
      body: { count: 9 },
    });
    expectError(response, 401, 'Unauthorized');
  });

  it('refuses an unknown route with 404 RouteNotFound', async () => {
    const response = await system.call('GET', '/nothing/here', { memberId: member });
    expectError(response, 404, 'RouteNotFound', /GET \/nothing\/here/);
  });

  it('refuses a post without a title, or with an over-long title, with 400', async () => {
    expectError(
      await system.call('POST', '/posts', { memberId: member, body: { title: '', body: 'x' } }),
      400,
      'ValidationError',
      /body\.title/,
    );
    expectError(
      await system.call('POST', '/posts', { memberId: member, body: { title: 't'.repeat(201), body: 'x' } }),
      400,
      'ValidationError',
      /body\.title/,
    );
  });

  it('refuses a list request with a bad limit or cursor', async () => {
    expectError(
      await system.call('GET', '/posts?limit=0', { memberId: member }),
      400,
      'ValidationError',
      /query\.limit/,
    );
    expectError(
      await system.call('GET', '/posts?limit=abc', { memberId: member }),
      400,
      'ValidationError',
      /query\.limit/,
    );
    expectError(
      await system.call('GET', '/posts?cursor=garbage', { memberId: member }),
      400,
      'InvalidCursor',
    );
  });
});
