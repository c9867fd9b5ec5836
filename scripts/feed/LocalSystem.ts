import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { devSecret, signDevToken } from '@kes/local-cloud';

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

  public token(memberId: string): Promise<string> {
    let token = this.#tokens.get(memberId);
    if (!token) {
      token = signDevToken(this.#secret, memberId, this.#audience);
      this.#tokens.set(memberId, token);
    }
    return token;
  }

  /** One HTTP call as `memberId`; resolves with status and parsed JSON body (never throws on 4xx/5xx). */
  public async call(
    method: string,
    path: string,
    memberId: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> | null }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.token(memberId)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: Record<string, unknown> | null = null;
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      parsed = { raw: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed };
  }
}
