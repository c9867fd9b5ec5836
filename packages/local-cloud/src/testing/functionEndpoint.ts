import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK } from '../util/net';

/** What a function does with an event: its return value is the response, a throw an Unhandled error. */
export type FunctionHandler = (event: unknown) => unknown | Promise<unknown>;

export interface FunctionEndpoint {
  /** Base URL, as serverless-offline's Lambda endpoint (`http://127.0.0.1:<lambdaPort>`). */
  readonly endpoint: string;
  /** Every event each function was invoked with, in order. */
  events(functionName: string): unknown[];
  /** Replaces (or adds) a function's handler. */
  setHandler(functionName: string, handler: FunctionHandler): void;
  stop(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
};

/**
 * Functions in this process behind serverless-offline's Lambda Invoke endpoint, for tests, benchmarks and
 * experiments that need the event-source-mapping engine to invoke code over HTTP as it does locally.
 * Plays serverless-offline's Lambda Invoke endpoint (POST /2015-03-31/functions/{name}/invocations):
 * answers with the handler's JSON, or with 200, `X-Amz-Function-Error: Unhandled` and
 * `{ errorMessage, errorType }` when the handler throws, as serverless-offline and AWS do.
 */
export const startFunctionEndpoint = async (
  handlers: Record<string, FunctionHandler> = {},
  options: {
    /** Keep every event for `events()` (default true; off for long runs). */ recordEvents?: boolean;
  } = {},
): Promise<FunctionEndpoint> => {
  const registered = new Map(Object.entries(handlers));
  const received = new Map<string, unknown[]>();
  const server = createServer((req, res) => {
    void (async () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '');
      const functionName = match?.[1] ? decodeURIComponent(match[1]) : undefined;
      const handler = functionName ? registered.get(functionName) : undefined;
      if (req.method !== 'POST' || !functionName || !handler) {
        return send(
          res,
          404,
          { Message: `Function not found: ${functionName}` },
          {
            'x-amzn-errortype': 'ResourceNotFoundException',
          },
        );
      }
      const event = JSON.parse(await readBody(req)) as unknown;
      if (options.recordEvents !== false) {
        const events = received.get(functionName) ?? [];
        events.push(event);
        received.set(functionName, events);
      }
      try {
        send(res, 200, (await handler(event)) ?? null);
      } catch (error) {
        send(
          res,
          200,
          { errorMessage: (error as Error).message, errorType: (error as Error).name },
          { 'x-amz-function-error': 'Unhandled' },
        );
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    events: (functionName) => received.get(functionName) ?? [],
    setHandler: (functionName, handler) => registered.set(functionName, handler),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
