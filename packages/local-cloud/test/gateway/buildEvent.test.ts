import { buildHttpApiEvent, type EventContext } from '../../src/gateway/buildEvent';
import { API_ID, incomingRequest, matchOf, type RequestSpec } from '../helpers/gatewayRequests';

const RECEIVED_AT = new Date('2026-02-01T10:20:30.456Z');

const contextFor = (fields: Partial<EventContext> = {}): EventContext => ({
  apiId: API_ID,
  requestId: 'req-1',
  receivedAt: RECEIVED_AT,
  match: matchOf('GET /posts'),
  claims: undefined,
  body: Buffer.alloc(0),
  ...fields,
});

const eventFor = (request: RequestSpec, context: Partial<EventContext> = {}) =>
  buildHttpApiEvent(incomingRequest(request), contextFor(context)) as Record<string, unknown> & {
    requestContext: Record<string, unknown> & { http: Record<string, unknown> };
    headers: Record<string, string>;
  };

describe('buildHttpApiEvent (payload format 2.0)', () => {
  it('builds the 2.0 envelope: version, route key, raw path, request context', () => {
    const event = eventFor(
      {
        method: 'get',
        url: '/posts',
        headers: [
          ['Host', 'localhost:3000'],
          ['User-Agent', 'jest'],
        ],
        remoteAddress: '127.0.0.9',
      },
      { match: matchOf('GET /posts') },
    );

    expect(event).toEqual({
      version: '2.0',
      routeKey: 'GET /posts',
      rawPath: '/posts',
      rawQueryString: '',
      headers: { host: 'localhost:3000', 'user-agent': 'jest' },
      requestContext: {
        accountId: '000000000000',
        apiId: API_ID,
        domainName: 'localhost:3000',
        domainPrefix: 'localhost:3000',
        http: {
          method: 'GET',
          path: '/posts',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.9',
          userAgent: 'jest',
        },
        requestId: 'req-1',
        routeKey: 'GET /posts',
        stage: '$default',
        time: '2026-02-01T10:20:30.456Z',
        timeEpoch: RECEIVED_AT.getTime(),
      },
      isBase64Encoded: false,
    });
  });

  it('lower-cases header names and joins repeated headers with commas', () => {
    const event = eventFor({
      headers: [
        ['Host', 'localhost'],
        ['X-Trace', 'a'],
        ['Accept', 'application/json'],
        ['x-trace', 'b'],
      ],
    });

    expect(event.headers).toEqual({ host: 'localhost', 'x-trace': 'a,b', accept: 'application/json' });
  });

  it('parses the query string, joining repeated keys with commas and keeping the raw string', () => {
    const event = eventFor({ url: '/posts?limit=10&tag=a&tag=b&q=caf%C3%A9' });

    expect(event.rawQueryString).toBe('limit=10&tag=a&tag=b&q=caf%C3%A9');
    expect(event.queryStringParameters).toEqual({ limit: '10', tag: 'a,b', q: 'café' });
    expect(event.rawPath).toBe('/posts');
  });

  it('leaves queryStringParameters out when there is no query', () => {
    expect(eventFor({ url: '/posts' })).not.toHaveProperty('queryStringParameters');
  });

  it('moves cookies to a cookies list, out of the headers', () => {
    const event = eventFor({
      headers: [
        ['Host', 'localhost'],
        ['Cookie', 'session=abc; theme=dark'],
        ['Cookie', 'lang=fr'],
      ],
    });

    expect(event.cookies).toEqual(['session=abc', 'theme=dark', 'lang=fr']);
    expect(event.headers).not.toHaveProperty('cookie');
  });

  it('leaves cookies out when there are none', () => {
    expect(eventFor({})).not.toHaveProperty('cookies');
  });

  it('passes a text body as is', () => {
    const event = eventFor(
      { method: 'POST', headers: [['Content-Type', 'application/json; charset=utf-8']] },
      { body: Buffer.from('{"title":"Hello"}') },
    );

    expect(event.body).toBe('{"title":"Hello"}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/vnd.api+json'])(
    'treats %s as text',
    (contentType) => {
      const event = eventFor({ headers: [['Content-Type', contentType]] }, { body: Buffer.from('a=1') });

      expect(event).toMatchObject({ body: 'a=1', isBase64Encoded: false });
    },
  );

  it('base64-encodes a binary body and says so', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const event = eventFor({ method: 'PUT', headers: [['Content-Type', 'image/png']] }, { body: bytes });

    expect(event.body).toBe(bytes.toString('base64'));
    expect(event.isBase64Encoded).toBe(true);
  });

  it('treats a body without a content type as binary', () => {
    const event = eventFor({ method: 'POST', headers: [] }, { body: Buffer.from('hello') });

    expect(event).toMatchObject({ body: Buffer.from('hello').toString('base64'), isBase64Encoded: true });
  });

  it('leaves the body out when there is none', () => {
    expect(eventFor({ method: 'POST' })).not.toHaveProperty('body');
  });

  it('passes the path parameters of the match', () => {
    const event = eventFor(
      { url: '/posts/p-1' },
      { match: matchOf('GET /posts/{postId}', { postId: 'p-1' }) },
    );

    expect(event.pathParameters).toEqual({ postId: 'p-1' });
    expect(event.routeKey).toBe('GET /posts/{postId}');
  });

  it('leaves pathParameters out for a route without parameters', () => {
    expect(eventFor({ url: '/posts' })).not.toHaveProperty('pathParameters');
  });

  it('passes JWT claims as strings, as API Gateway does, with the scopes of the scope claim', () => {
    const event = eventFor(
      {},
      {
        claims: {
          sub: 'member-1',
          iat: 1_769_940_000,
          email_verified: true,
          'cognito:groups': ['admins', 'editors'],
          scope: 'posts:read posts:write',
        },
      },
    );

    expect(event.requestContext.authorizer).toEqual({
      jwt: {
        claims: {
          sub: 'member-1',
          iat: '1769940000',
          email_verified: 'true',
          'cognito:groups': '[admins editors]',
          scope: 'posts:read posts:write',
        },
        scopes: ['posts:read', 'posts:write'],
      },
    });
  });

  it('gives null scopes when the token has no scope claim', () => {
    const event = eventFor({}, { claims: { sub: 'member-1' } });

    expect(event.requestContext.authorizer).toEqual({ jwt: { claims: { sub: 'member-1' }, scopes: null } });
  });

  it('has no authorizer context on a route without authorization', () => {
    expect(eventFor({}).requestContext).not.toHaveProperty('authorizer');
  });

  it('takes the domain name and prefix from the Host header', () => {
    const event = eventFor({ headers: [['Host', 'api.example.com']] });

    expect(event.requestContext).toMatchObject({ domainName: 'api.example.com', domainPrefix: 'api' });
  });
});
