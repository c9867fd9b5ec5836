import middy from '@middy/core';
import {
  type HttpApiEvent,
  type HttpResponse,
  httpErrorHandler,
  jsonResponse,
  memberIdOf,
  requireMember,
} from '../../src';
import { httpApiEvent, lambdaContext } from '../helpers/httpApiEvent';
import { errorOf } from '../helpers/responses';

const protectedHandler = () => {
  const calls: HttpApiEvent[] = [];
  const handler = middy<HttpApiEvent, HttpResponse>(async (event: HttpApiEvent) => {
    calls.push(event);
    return jsonResponse(200, { memberId: memberIdOf(event) });
  })
    .use(httpErrorHandler())
    .use(requireMember());
  return { send: (event: HttpApiEvent) => handler(event, lambdaContext()), calls };
};

/** An event whose JWT claims include `sub` with any value, as a misconfigured issuer might send. */
const withSub = (sub: unknown): HttpApiEvent => {
  const event = httpApiEvent();
  (event.requestContext.authorizer.jwt.claims as Record<string, unknown>).sub = sub;
  return event;
};

describe('requireMember', () => {
  it('lets a caller with a sub claim through', async () => {
    const { send, calls } = protectedHandler();

    const response = await send(httpApiEvent({ sub: 'member-42' }));

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('{"memberId":"member-42"}');
    expect(calls).toHaveLength(1);
  });

  it.each([
    { case: 'a token without a sub claim', event: httpApiEvent({ sub: null }) },
    { case: 'an empty sub claim', event: httpApiEvent({ sub: '' }) },
    { case: 'a blank sub claim', event: httpApiEvent({ sub: '   ' }) },
    { case: 'a numeric sub claim', event: withSub(42) },
    { case: 'a list as sub claim', event: withSub(['member-1']) },
    {
      case: 'no authorizer context (a route deployed without its authorizer)',
      event: httpApiEvent({ withoutAuthorizer: true }),
    },
  ])('refuses $case with 401 Unauthorized and a Bearer challenge', async ({ event }) => {
    const { send, calls } = protectedHandler();

    const response = await send(event);

    expect(response.statusCode).toBe(401);
    expect(response.headers).toEqual({
      'www-authenticate': 'Bearer',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(errorOf(response)).toEqual({
      code: 'Unauthorized',
      message: 'This route needs a bearer token with a subject (sub) claim',
    });
    expect(calls).toHaveLength(0);
  });
});

describe('memberIdOf', () => {
  it('reads the sub claim the JWT authorizer put in the request context', () => {
    expect(memberIdOf(httpApiEvent({ sub: 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6' }))).toBe(
      'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
    );
  });

  it('is undefined without a usable sub claim', () => {
    expect(memberIdOf(httpApiEvent({ sub: null }))).toBeUndefined();
    expect(memberIdOf(httpApiEvent({ sub: '' }))).toBeUndefined();
    expect(memberIdOf(withSub(7))).toBeUndefined();
    expect(memberIdOf(httpApiEvent({ withoutAuthorizer: true }))).toBeUndefined();
  });

  it('survives an event without a request context at all', () => {
    expect(memberIdOf({} as HttpApiEvent)).toBeUndefined();
  });
});
