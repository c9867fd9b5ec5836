import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEV_SCOPES, devSecret, signDevToken } from '../auth/devTokens';
import { readCompose } from '../provision/readCompose';

const USAGE = `Usage: npm run --silent token -- <memberId> [--scope "kes/replays kes/events.read"]
  --scope   the token's scope claim, space-separated (default "${DEFAULT_DEV_SCOPES}")`;

/**
 * `npm run --silent token -- <memberId> [--scope "…"]` prints a development JWT (and nothing else) whose
 * `sub` is the member id, for the issuer and audience of the platform's JWT authorizer; `--scope` replaces
 * the default `claps posts` (the administrative routes need `kes/replays`, `kes/events.read`).
 */
const main = async (): Promise<void> => {
  const { values, positionals } = parseArgs({
    options: { scope: { type: 'string' } },
    allowPositionals: true,
  });
  const memberId = positionals[0];
  if (!memberId || positionals.length > 1 || values.scope?.trim() === '') {
    console.error(USAGE);
    process.exit(2);
  }
  const rootDir = process.cwd();
  const dataDir = resolve(process.env.KES_DATA_DIR ?? join(rootDir, '.local-cloud'));
  const token = await signDevToken(
    devSecret(join(dataDir, 'dev-jwt-secret')),
    memberId,
    audienceOf(rootDir, dataDir),
    values.scope ? { scopes: values.scope.trim() } : {},
  );
  process.stdout.write(`${token}\n`);
};

/**
 * The issuer and audience of the running local cloud's JWT authorizer (from its endpoints file), or the
 * platform service's default params when it has not been started yet.
 */
const audienceOf = (rootDir: string, dataDir: string): { issuer: string; audience: string[] } => {
  try {
    const endpoints = JSON.parse(readFileSync(join(dataDir, 'state', 'endpoints.json'), 'utf8')) as {
      authorizer?: { issuer: string; audience: string[] };
    };
    if (endpoints.authorizer) return endpoints.authorizer;
  } catch {
    // not started yet
  }
  const platform = readCompose(rootDir).find((service) => service.key === 'platform');
  const params = readPlatformParams(join(rootDir, platform?.path ?? 'services/platform', 'serverless.yml'));
  return { issuer: params.jwtIssuer, audience: [params.jwtAudience] };
};

/** The default issuer and audience, read from the platform service's params. */
const readPlatformParams = (file: string): { jwtIssuer: string; jwtAudience: string } => {
  const text = readFileSync(file, 'utf8');
  const value = (name: string) => {
    const found = new RegExp(`^\\s+${name}:\\s*(\\S+)`, 'm').exec(text)?.[1];
    if (!found) throw new Error(`${file} has no default param ${name}`);
    return found;
  };
  return { jwtIssuer: value('jwtIssuer'), jwtAudience: value('jwtAudience') };
};

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
