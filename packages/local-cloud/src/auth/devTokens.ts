import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type JWTPayload, jwtVerify, SignJWT } from 'jose';

/** The issuer and audience a token must carry: the JWT authorizer's configuration in the template. */
export interface TokenAudience {
  issuer: string;
  audience: string[];
}

/**
 * The local development signing secret, created on first use in the local cloud's data folder
 * (git-ignored), never in code. On AWS the HTTP API's JWT authorizer verifies real tokens from the
 * configured issuer (JWKS); locally the gateway verifies these HS256 tokens against this secret.
 */
export const devSecret = (file: string): Uint8Array => {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
};

/** The scopes of a member's token unless others are asked for: what every member of the platform may do. */
export const DEFAULT_DEV_SCOPES = 'claps posts';

/** Options of {@link signDevToken}. */
export interface DevTokenOptions {
  /** Lifetime in seconds. Default 12 hours. */
  ttlSeconds?: number;
  /**
   * The token's `scope` claim (space-separated, as OAuth 2.0 writes it). Default `claps posts`; the
   * administrative routes need theirs, e.g. `kes/replays kes/events.read`.
   */
  scopes?: string | readonly string[];
}

/**
 * Signs a development token whose `sub` is the member id and whose `scope` claim is `scopes`.
 *
 * @example
 * const token = await signDevToken(secret, 'member-1', { issuer, audience: ['kes-api'] });
 * const admin = await signDevToken(secret, 'ops-1', { issuer, audience: ['kes-api'] }, { scopes: ['kes/replays'] });
 */
export const signDevToken = async (
  secret: Uint8Array,
  memberId: string,
  { issuer, audience }: TokenAudience,
  { ttlSeconds = 12 * 3600, scopes = DEFAULT_DEV_SCOPES }: DevTokenOptions = {},
): Promise<string> =>
  new SignJWT({ scope: typeof scopes === 'string' ? scopes : scopes.join(' ') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(memberId)
    .setIssuer(issuer)
    .setAudience(audience[0] ?? 'kes-api')
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);

/** Verifies signature, expiry, issuer and audience as API Gateway's JWT authorizer does; throws with the reason. */
export const verifyDevToken = async (
  secret: Uint8Array,
  token: string,
  expected: TokenAudience,
): Promise<JWTPayload> => {
  const { payload } = await jwtVerify(token, secret, {
    issuer: expected.issuer,
    audience: expected.audience,
    algorithms: ['HS256'],
  });
  return payload;
};
