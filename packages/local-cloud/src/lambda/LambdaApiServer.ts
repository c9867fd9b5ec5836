import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { InvokeResult } from '../esm/LambdaInvoker';
import type { AttemptOutcome } from '../events/AsyncInvoker';
import { closeServer, listenOnLoopback, urlOf } from '../util/net';
import type { EventSourceMappingService } from './EventSourceMappingService';
import { isLambdaApiError, LambdaApiError } from './errors';
import { invokeFunction } from './invokeFunction';
import type { CreateMappingRequest, LocalFunction, UpdateMappingRequest } from './types';

export interface LambdaApiServerOptions {
  /** 0: any free port. */
  port: number;
  mappings: EventSourceMappingService;
  functions: () => Iterable<LocalFunction>;
  invoke: (functionName: string, payload: unknown) => Promise<InvokeResult>;
  /** `Event` invocations with Lambda's retries; without it they run once. */
  invokeAsync?: (
    functionName: string,
    payload: unknown,
    onOutcome: (outcome: AttemptOutcome) => void,
  ) => Promise<InvokeResult>;
  log?: (message: string) => void;
}

/** Bodies beyond this are refused before they are read (Invoke's own limit is 6 MB). */
const MAX_BODY_BYTES = 7 * 1024 * 1024;
const MAPPINGS = /^\/2015-03-31\/event-source-mappings\/?$/;
const MAPPING = /^\/2015-03-31\/event-source-mappings\/([^/]+)\/?$/;
const INVOCATIONS = /^\/2015-03-31\/functions\/([^/]+)\/invocations\/?$/;

interface Answer {
  status: number;
  body?: unknown;
  raw?: { text: string; headers: Record<string, string> };
}

/**
 * The local Lambda API (loopback only): the event-source-mapping operations and Invoke, on AWS's REST
 * paths and wire format, so `@aws-sdk/client-lambda` works unchanged with `AWS_ENDPOINT_URL_LAMBDA`.
 *
 * @example
 * const server = new LambdaApiServer({ port: 0, mappings, functions: () => fns, invoke });
 * await server.start();
 * const lambda = new LambdaClient({ endpoint: server.url, region: 'us-east-1' });
 */
export class LambdaApiServer {
  readonly #options: LambdaApiServerOptions;
  #server: Server | undefined;

  public constructor(options: LambdaApiServerOptions) {
    this.#options = options;
  }

  public get url(): string {
    return urlOf(this.#server, this.#options.port);
  }

  /** Listens on the configured port, or takes over `reserved` (see reserveHttpPort) already listening. */
  public async start(reserved?: Server): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.#serve(req, res);
    if (reserved) {
      reserved.removeAllListeners('request');
      reserved.on('request', handler);
      this.#server = reserved;
      return;
    }
    const server = createServer(handler);
    await listenOnLoopback(server, this.#options.port);
    this.#server = server;
  }

  public async stop(): Promise<void> {
    await closeServer(this.#server);
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      const answer = await this.#route(req);
      const text = answer.raw?.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
        ...answer.raw?.headers,
      });
      res.end(text);
    } catch (caught) {
      const error = isLambdaApiError(caught)
        ? caught
        : new LambdaApiError('ServiceException', `The local Lambda failed: ${(caught as Error).message}`, {
            cause: caught,
          });
      if (error.code === 'ServiceException')
        this.#options.log?.(`Lambda API ${req.method} ${req.url}: ${error.message}`);
      const text = JSON.stringify(error.body());
      res.writeHead(error.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
        ...error.headers(),
      });
      res.end(text);
    }
  }

  async #route(req: IncomingMessage): Promise<Answer> {
    const { mappings } = this.#options;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (MAPPINGS.test(path)) {
      if (method === 'POST') {
        return { status: 202, body: await mappings.create((await readJson(req)) as CreateMappingRequest) };
      }
      if (method === 'GET') {
        const query = url.searchParams;
        const maxItems = query.get('MaxItems');
        return {
          status: 200,
          body: mappings.list({
            ...optional('eventSourceArn', query.get('EventSourceArn')),
            ...optional('functionName', query.get('FunctionName')),
            ...optional('marker', query.get('Marker')),
            ...(maxItems === null ? {} : { maxItems: Number(maxItems) }),
          }),
        };
      }
    }
    const mapping = MAPPING.exec(path);
    if (mapping?.[1]) {
      const uuid = decodeURIComponent(mapping[1]);
      if (method === 'GET') return { status: 200, body: mappings.get(uuid) };
      if (method === 'PUT') {
        return { status: 202, body: mappings.update(uuid, (await readJson(req)) as UpdateMappingRequest) };
      }
      if (method === 'DELETE') return { status: 202, body: mappings.delete(uuid) };
    }
    const invocation = INVOCATIONS.exec(path);
    if (invocation?.[1] && method === 'POST') {
      const header = req.headers['x-amz-invocation-type'];
      const answer = await invokeFunction(
        this.#options,
        decodeURIComponent(invocation[1]),
        Array.isArray(header) ? header[0] : header,
        await readBody(req),
      );
      return { status: answer.status, raw: { text: answer.body, headers: answer.headers } };
    }
    throw new LambdaApiError(
      'UnknownOperationException',
      `The local Lambda API does not emulate ${method} ${path} (it serves the event-source-mapping operations and Invoke)`,
    );
  }
}

const optional = <K extends string>(key: K, value: string | null): Partial<Record<K, string>> =>
  value === null ? {} : ({ [key]: value } as Record<K, string>);

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new LambdaApiError(
        'RequestTooLargeException',
        `Request must be smaller than ${MAX_BODY_BYTES} bytes`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const body = await readBody(req);
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new LambdaApiError(
      'InvalidRequestContentException',
      `Could not parse request body into json: ${(error as Error).message}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LambdaApiError('InvalidRequestContentException', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
};
