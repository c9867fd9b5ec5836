import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { InvokeResult } from '../esm/LambdaInvoker';
import { closeServer, listenOnLoopback, urlOf } from '../util/net';
import { LOCAL_REGION } from './types';

/** A custom resource of a packaged template (`Custom::*`), properties resolved. */
export interface CustomResourceDefinition {
  stackName: string;
  logicalId: string;
  type: string;
  /** The handler's function ARN (`ServiceToken`). */
  serviceToken: string;
  /** ResourceProperties as CloudFormation sends them (ServiceToken included). */
  properties: Record<string, unknown>;
}

/** What a handler answered on the ResponseURL. */
export interface CustomResourceResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId?: string;
  Data?: Record<string, unknown>;
}

interface StoredResource {
  type: string;
  serviceToken: string;
  physicalResourceId: string;
  properties: Record<string, unknown>;
}

export interface CustomResourcesOptions {
  /** Where the physical ids and last properties are kept, so a restart is a stack update. */
  stateFile: string;
  invoke: (functionName: string, event: unknown) => Promise<InvokeResult>;
  /** How long a handler may take to answer, per function (its timeout). */
  timeoutMsOf: (functionName: string) => number;
  log: (message: string) => void;
}

export class CustomResourceFailedError extends Error {
  public constructor(resource: CustomResourceDefinition, requestType: string, reason: string) {
    super(
      `${resource.stackName}: ${requestType} of ${resource.type} ${resource.logicalId} failed: ${reason}`,
    );
    this.name = 'CustomResourceFailedError';
  }
}

const functionNameOf = (serviceToken: string): string =>
  serviceToken.includes(':function:')
    ? (serviceToken.split(':function:')[1]?.split(':')[0] ?? '')
    : serviceToken;

/**
 * Runs the templates' custom resources as CloudFormation does: the real handler (in serverless-offline)
 * is invoked with a Create, Update or Delete request and a ResponseURL served here, and its answer on that
 * URL decides. Physical ids and properties are kept between runs, so a restart behaves like a stack
 * update: unchanged resources are left alone, changed ones get an Update (and a Delete of the old physical
 * id when the handler replaced it), and resources gone from the templates get a Delete.
 */
export class CustomResources {
  readonly #options: CustomResourcesOptions;
  readonly #server: Server;
  readonly #waiting: Map<string, (response: CustomResourceResponse) => void>;
  #state: Record<string, StoredResource>;

  private constructor(
    options: CustomResourcesOptions,
    server: Server,
    waiting: Map<string, (response: CustomResourceResponse) => void>,
  ) {
    this.#options = options;
    this.#server = server;
    this.#waiting = waiting;
    this.#state = readState(options.stateFile);
  }

  public static async start(options: CustomResourcesOptions): Promise<CustomResources> {
    const waiting = new Map<string, (response: CustomResourceResponse) => void>();
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const id = decodeURIComponent((req.url ?? '').replace(/^\/responses\//, ''));
        const resolve = waiting.get(id);
        let body: CustomResourceResponse | undefined;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CustomResourceResponse;
        } catch {
          body = undefined;
        }
        if (req.method !== 'PUT' || !resolve || !body) {
          res.writeHead(req.method !== 'PUT' ? 405 : 400).end();
          return;
        }
        res.writeHead(200).end();
        resolve(body);
      });
    });
    await listenOnLoopback(server, 0);
    return new CustomResources(options, server, waiting);
  }

  /**
   * Brings every custom resource to its template's state; all at once, as CloudFormation does for
   * resources that do not depend on each other. Fails with the handlers' reasons if any failed.
   */
  public async apply(resources: CustomResourceDefinition[]): Promise<void> {
    const wanted = new Set(resources.map(keyOf));
    const results = await Promise.allSettled([
      ...resources.map((resource) => this.#apply(resource)),
      ...Object.entries(this.#state)
        .filter(([key]) => !wanted.has(key))
        .map(([key, stored]) => this.#deleteGone(key, stored)),
    ]);
    this.#save();
    const failures = results.flatMap((result) =>
      result.status === 'rejected' ? [(result.reason as Error).message] : [],
    );
    if (failures.length > 0) throw new Error(failures.join('\n'));
  }

  public async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  async #apply(resource: CustomResourceDefinition): Promise<void> {
    const key = keyOf(resource);
    const stored = this.#state[key];
    if (!stored) {
      const response = await this.#send(resource, 'Create', {});
      this.#state[key] = this.#stored(resource, response);
      return;
    }
    if (isDeepStrictEqual(stored.properties, resource.properties)) return;
    const response = await this.#send(resource, 'Update', {
      PhysicalResourceId: stored.physicalResourceId,
      OldResourceProperties: stored.properties,
    });
    this.#state[key] = this.#stored(resource, response);
    if (response.PhysicalResourceId && response.PhysicalResourceId !== stored.physicalResourceId) {
      // A new physical id is a replacement: CloudFormation deletes the old resource afterwards.
      await this.#send({ ...resource, properties: stored.properties }, 'Delete', {
        PhysicalResourceId: stored.physicalResourceId,
      }).catch((error: Error) => this.#options.log(`cleanup after replacement: ${error.message}`));
    }
  }

  async #deleteGone(key: string, stored: StoredResource): Promise<void> {
    const [stackName = '', logicalId = ''] = key.split('/');
    await this.#send(
      {
        stackName,
        logicalId,
        type: stored.type,
        serviceToken: stored.serviceToken,
        properties: stored.properties,
      },
      'Delete',
      { PhysicalResourceId: stored.physicalResourceId },
    );
    delete this.#state[key];
  }

  #stored(resource: CustomResourceDefinition, response: CustomResourceResponse): StoredResource {
    return {
      type: resource.type,
      serviceToken: resource.serviceToken,
      physicalResourceId: response.PhysicalResourceId ?? `${resource.logicalId}-${randomUUID()}`,
      properties: resource.properties,
    };
  }

  async #send(
    resource: CustomResourceDefinition,
    requestType: 'Create' | 'Update' | 'Delete',
    extra: Record<string, unknown>,
  ): Promise<CustomResourceResponse> {
    const requestId = randomUUID();
    const functionName = functionNameOf(resource.serviceToken);
    const event = {
      RequestType: requestType,
      ServiceToken: resource.serviceToken,
      ResponseURL: `${urlOf(this.#server, 0)}/responses/${requestId}`,
      StackId: `arn:aws:cloudformation:${LOCAL_REGION}:000000000000:stack/${resource.stackName}/local`,
      RequestId: requestId,
      LogicalResourceId: resource.logicalId,
      ResourceType: resource.type,
      ResourceProperties: resource.properties,
      ...extra,
    };
    const answered = new Promise<CustomResourceResponse>((resolve) => this.#waiting.set(requestId, resolve));
    const timeoutMs = this.#options.timeoutMsOf(functionName) + 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const invocation = this.#options.invoke(functionName, event);
      const response = await Promise.race([
        answered,
        // A handler that ends without answering: CloudFormation would wait an hour; we say so at once.
        invocation.then(async (result) => {
          const late = await Promise.race([
            answered,
            new Promise<undefined>((r) => setTimeout(() => r(undefined), 1_000)),
          ]);
          if (late) return late;
          throw new CustomResourceFailedError(
            resource,
            requestType,
            result.ok
              ? 'the handler returned without answering the ResponseURL'
              : `the handler failed without answering the ResponseURL: ${result.errorType}: ${result.errorMessage}`,
          );
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new CustomResourceFailedError(resource, requestType, `no answer within ${timeoutMs} ms`),
              ),
            timeoutMs,
          );
        }),
      ]);
      if (response.Status !== 'SUCCESS') {
        throw new CustomResourceFailedError(resource, requestType, response.Reason ?? 'no reason given');
      }
      this.#options.log(
        `${resource.stackName}: ${requestType} ${resource.type} ${resource.logicalId} → ${response.PhysicalResourceId ?? '-'}`,
      );
      return response;
    } finally {
      clearTimeout(timer);
      this.#waiting.delete(requestId);
    }
  }

  #save(): void {
    mkdirSync(dirname(this.#options.stateFile), { recursive: true });
    const temp = `${this.#options.stateFile}.tmp`;
    writeFileSync(temp, JSON.stringify(this.#state, null, 2));
    renameSync(temp, this.#options.stateFile);
  }
}

const keyOf = (resource: { stackName: string; logicalId: string }) =>
  `${resource.stackName}/${resource.logicalId}`;

const readState = (file: string): Record<string, StoredResource> => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, StoredResource>;
  } catch {
    return {};
  }
};
