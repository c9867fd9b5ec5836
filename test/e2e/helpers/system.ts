import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AwsClients, createAwsClients } from '@kes/aws-clients';
import { devSecret, type MappingStats, signDevToken } from '@kes/local-cloud';

/** Where a running local cloud is: its base URL, control endpoint, data folder and client environment. */
export interface SystemCoordinates {
  baseUrl: string;
  controlUrl: string;
  dataDir: string;
  stage: string;
  env: Record<string, string>;
  /** The port of each ingestion provider's base URL (the e2e setup gives each a free one). */
  providerPorts?: Record<string, number>;
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A handle on a running local cloud for tests: HTTP calls as a member, AWS clients, the control endpoint. */
export class System {
  public readonly coordinates: SystemCoordinates;
  public readonly clients: AwsClients;
  readonly #tokens = new Map<string, string>();

  public constructor(coordinates: SystemCoordinates) {
    this.coordinates = coordinates;
    this.clients = createAwsClients(coordinates.env);
  }

  /** The local cloud the e2e global setup started. */
  public static shared(): System {
    const raw = process.env.KES_E2E;
    if (!raw)
      throw new Error('KES_E2E is not set: run the e2e project (its global setup starts the local cloud)');
    return new System(JSON.parse(raw) as SystemCoordinates);
  }

  /** A local cloud started elsewhere (its data folder holds state/endpoints.json). */
  public static fromDataDir(dataDir: string): System {
    const endpoints = JSON.parse(
      readFileSync(join(dataDir, 'state', 'endpoints.json'), 'utf8'),
    ) as SystemCoordinates;
    return new System({ ...endpoints, dataDir });
  }

  /** Where the ingestion deployment of `provider` calls its provider: run its simulator on this port. */
  public providerPort(provider: string): number {
    const port = this.coordinates.providerPorts?.[provider];
    if (port === undefined)
      throw new Error(`No provider port for ${provider} in this local cloud's coordinates`);
    return port;
  }

  /** Physical names follow the stage: `kes-<stage>-<name>` (see each serverless.yml). */
  public name(suffix: string): string {
    return `kes-${this.coordinates.stage}-${suffix}`;
  }

  /** A development token for `memberId` with `scopes` (default the members' `claps posts`). */
  public async token(memberId: string, scopes?: string): Promise<string> {
    const key = `${memberId} ${scopes ?? ''}`;
    const cached = this.#tokens.get(key);
    if (cached) return cached;
    const endpoints = JSON.parse(
      readFileSync(join(this.coordinates.dataDir, 'state', 'endpoints.json'), 'utf8'),
    ) as { authorizer: { issuer: string; audience: string[] } };
    const token = await signDevToken(
      devSecret(join(this.coordinates.dataDir, 'dev-jwt-secret')),
      memberId,
      endpoints.authorizer,
      scopes === undefined ? {} : { scopes },
    );
    this.#tokens.set(key, token);
    return token;
  }

  /**
   * An HTTP call to the base URL as `memberId` (or with exactly the headers given when `memberId` is null),
   * with a token of `scopes` (space-separated; default the members' `claps posts`).
   */
  public async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: {
      memberId?: string | null;
      scopes?: string;
      body?: unknown;
      rawBody?: string | Buffer;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<T>> {
    const memberId = options.memberId === undefined ? 'member-e2e' : options.memberId;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (memberId !== null) headers.authorization = `Bearer ${await this.token(memberId, options.scopes)}`;
    let body: string | Buffer | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(`${this.coordinates.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : null) as T,
      headers: response.headers,
    };
  }

  /** Creates a post and waits until the claps service knows it (PostPublished has arrived). */
  public async createClappablePost(authorId = 'author-e2e'): Promise<string> {
    const created = await this.call<{ postId: string }>('POST', '/posts', {
      memberId: authorId,
      body: { title: `Post by ${authorId}`, body: 'Some text' },
    });
    if (created.status !== 201)
      throw new Error(`POST /posts answered ${created.status}: ${JSON.stringify(created.body)}`);
    const { postId } = created.body;
    await waitFor(
      async () => (await this.call('GET', `/posts/${postId}/claps/me`)).status === 200,
      `post ${postId} clappable`,
    );
    return postId;
  }

  public async mappings(): Promise<MappingStats[]> {
    return (await fetch(`${this.coordinates.controlUrl}/mappings`)).json() as Promise<MappingStats[]>;
  }

  public async mapping(functionSuffix: string): Promise<MappingStats> {
    const found = (await this.mappings()).find((m) => m.functionName.endsWith(functionSuffix));
    if (!found) throw new Error(`No mapping for a function ending with ${functionSuffix}`);
    return found;
  }

  public async resetMapping(uuid: string): Promise<void> {
    const response = await fetch(`${this.coordinates.controlUrl}/mappings/${uuid}/reset`, { method: 'POST' });
    if (!response.ok) throw new Error(`reset failed: ${response.status}`);
  }

  public async setKinesisFaults(faults: Record<string, unknown>): Promise<void> {
    await fetch(`${this.coordinates.controlUrl}/faults/kinesis`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
  }
}

/** Polls until `check` is true, or fails after `timeoutMs` naming what it waited for. */
export const waitFor = async (
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(100);
  }
  throw new Error(
    `Timed out after ${timeoutMs / 1000}s waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`,
  );
};
