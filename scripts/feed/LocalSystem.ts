import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import { devSecret, signDevToken } from '@kes/local-cloud';

const agent = new Agent({ keepAlive: true, maxSockets: 512 });

/** The running local system, found through its data folder (state/endpoints.json, written at start). */
export class LocalSystem {
  public readonly baseUrl: string;
  public readonly stage: string;
  public readonly env: Record<string, string>;
  public readonly controlUrl: string | undefined;
  readonly #secret: Uint8Array;
  readonly #audience: { issuer: string; audience: string[] };
  readonly #tokens = new Map<string, Promise<string>>();

  public constructor(dataDir: string) {
    const dir = resolve(dataDir);
    let endpoints: {
      baseUrl: string;
      controlUrl?: string;
      stage: string;
      env: Record<string, string>;
      authorizer: { issuer: string; audience: string[] };
    };
    try {
      endpoints = JSON.parse(readFileSync(join(dir, 'state', 'endpoints.json'), 'utf8'));
    } catch {
      throw new Error(
        `No running local cloud found in ${dir} (start it with \`npm start\`, or pass --data-dir)`,
      );
    }
    this.baseUrl = endpoints.baseUrl;
    this.stage = endpoints.stage;
    this.env = endpoints.env;
    this.controlUrl = endpoints.controlUrl;
    this.#audience = endpoints.authorizer;
    this.#secret = devSecret(join(dir, 'dev-jwt-secret'));
  }

  /** A development token for `memberId`, with `scopes` (space-separated) or the members' default ones. */
  public token(memberId: string, scopes?: string): Promise<string> {
    const key = `${memberId} ${scopes ?? ''}`;
    let token = this.#tokens.get(key);
    if (!token) {
      token = signDevToken(this.#secret, memberId, this.#audience, scopes === undefined ? {} : { scopes });
      this.#tokens.set(key, token);
    }
    return token;
  }

  /**
   * One HTTP call as `memberId` (with a token of `scopes` for the administrative routes); resolves with
   * status and parsed JSON body (never throws on 4xx/5xx).
   */
  public async call(
    method: string,
    path: string,
    memberId: string,
    body?: unknown,
    scopes?: string,
  ): Promise<{ status: number; body: Record<string, unknown> | null }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = {
      authorization: `Bearer ${await this.token(memberId, scopes)}`,
    };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    // node:http with a keep-alive agent: a load generator that spends less CPU leaves more to the system.
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${this.baseUrl}${path}`, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
    let parsed: Record<string, unknown> | null = null;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      parsed = { raw: text.slice(0, 200) };
    }
    return { status, body: parsed };
  }
}
