import { decodeJwt } from 'jose';
import { signDevToken, verifyDevToken } from '../../src/auth/devTokens';
import { HttpApiGateway } from '../../src/gateway/HttpApiGateway';
import { scopesAllow, tokenScopes } from '../../src/gateway/scopesAllow';
import type { AuthorizerDefinition } from '../../src/provision/definitions';
import { API_ID, route } from '../helpers/gatewayRequests';

const SECRET = new TextEncoder().encode('a-test-secret-of-at-least-32-bytes!!');
const AUDIENCE = { issuer: 'https://kes.local/auth', audience: ['kes-api'] };
const AUTHORIZER: AuthorizerDefinition = {
  id: 'auth1',
  apiId: API_ID,
  name: 'jwt',
  type: 'JWT',
  issuer: AUDIENCE.issuer,
  audience: AUDIENCE.audience,
  identitySource: ['$request.header.Authorization'],
};

describe('scopesAllow: HTTP API’s scope rule for JWT routes', () => {
  it('lets any valid token call a route without scopes', () => {
    expect(scopesAllow(undefined, {})).toBe(true);
    expect(scopesAllow([], { scope: 'claps' })).toBe(true);
  });

  it('needs at least one of the route’s scopes, not all of them', () => {
    expect(scopesAllow(['kes/replays', 'kes/admin'], { scope: 'claps kes/admin' })).toBe(true);
    expect(scopesAllow(['kes/replays'], { scope: 'claps posts' })).toBe(false);
    expect(scopesAllow(['kes/replays'], {})).toBe(false);
  });

  it('reads the space-separated scope claim and the scp claim (a string or a list)', () => {
    expect(tokenScopes({ scope: ' claps  posts ' })).toEqual(['claps', 'posts']);
    expect(tokenScopes({ scp: ['kes/replays', 7] })).toEqual(['kes/replays']);
    expect(scopesAllow(['kes/replays'], { scp: 'kes/replays' })).toBe(true);
    expect(scopesAllow(['kes/replays'], { scp: ['kes/events.read', 'kes/replays'] })).toBe(true);
  });

  it('compares whole scopes: a prefix or a different case is not the scope', () => {
    expect(scopesAllow(['kes/replays'], { scope: 'kes/replay kes/replays.read KES/REPLAYS' })).toBe(false);
  });
});

describe('signDevToken scopes', () => {
  it('gives members "claps posts" unless other scopes are asked for', async () => {
    const member = decodeJwt(await signDevToken(SECRET, 'm1', AUDIENCE));
    const admin = decodeJwt(
      await signDevToken(SECRET, 'ops', AUDIENCE, { scopes: ['kes/replays', 'kes/events.read'] }),
    );
    const spaced = decodeJwt(await signDevToken(SECRET, 'ops', AUDIENCE, { scopes: 'kes/replays' }));

    expect(member.scope).toBe('claps posts');
    expect(admin.scope).toBe('kes/replays kes/events.read');
    expect(spaced.scope).toBe('kes/replays');
  });
});

describe('HttpApiGateway: route AuthorizationScopes', () => {
  const invoked: string[] = [];
  const gateway = new HttpApiGateway({
    port: 0,
    api: { apiId: API_ID, name: 'kes-test' },
    routes: [
      route('POST /replays', {
        authorizationType: 'JWT',
        authorizerId: 'auth1',
        authorizationScopes: ['kes/replays'],
      }),
      route('GET /posts', { authorizationType: 'JWT', authorizerId: 'auth1' }),
    ],
    authorizers: [AUTHORIZER],
    invoke: async (name) => {
      invoked.push(name);
      return { ok: true, payload: { statusCode: 202, body: '{"jobId":"j1"}' }, durationMs: 1 };
    },
    verifyToken: (token, authorizer) =>
      verifyDevToken(SECRET, token, { issuer: authorizer.issuer ?? '', audience: authorizer.audience }),
    accessLog: () => undefined,
  });
  const call = async (method: string, path: string, scopes?: string) => {
    const token = await signDevToken(SECRET, 'm1', AUDIENCE, scopes === undefined ? {} : { scopes });
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as { message: string; error: { code: string; message: string } },
    };
  };

  beforeAll(() => gateway.start());
  afterAll(() => gateway.stop());
  beforeEach(() => invoked.splice(0));

  it('answers 403 {"message":"Forbidden"} to a valid token without the route’s scope, and never invokes', async () => {
    const response = await call('POST', '/replays');

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ message: 'Forbidden', error: { code: 'Forbidden' } });
    expect(response.body.error.message).toContain('kes/replays');
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect(invoked).toEqual([]);
  });

  it('passes a token that carries one of the route’s scopes', async () => {
    const response = await call('POST', '/replays', 'claps kes/replays');

    expect(response.status).toBe(202);
    expect(invoked).toEqual(['fn POST /replays']);
  });

  it('leaves routes without scopes open to every valid token', async () => {
    const response = await call('GET', '/posts');

    expect(response.status).toBe(202);
    expect(invoked).toEqual(['fn GET /posts']);
  });
});
