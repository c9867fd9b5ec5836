import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import kinesalite from 'kinesalite';

/** A response kinesalite gave, held back so the front can change it before it is sent. */
export interface BackendResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

type Handler = (req: unknown, res: unknown) => void;

const AMZ_JSON = 'application/x-amz-json-1.1';

// Headers that make kinesalite accept an internal call (it checks their presence, not a signature).
const internalHeaders = (operation: string): IncomingHttpHeaders => ({
  'content-type': AMZ_JSON,
  'x-amz-target': `Kinesis_20131202.${operation}`,
  'x-amz-date': '20260101T000000Z',
  authorization:
    'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=local',
});

/** kinesalite in this process: requests go to its request handler directly, without an HTTP hop. */
export class KinesaliteBackend {
  readonly #server: Server;
  readonly #handle: Handler;

  public constructor(options: { dataDir?: string }) {
    this.#server = kinesalite({
      createStreamMs: 0,
      deleteStreamMs: 0,
      updateStreamMs: 0,
      shardLimit: 1000,
      ...(options.dataDir ? { path: options.dataDir } : {}),
    });
    this.#handle = this.#server.listeners('request')[0] as Handler;
  }

  /** Hands a request to kinesalite, which answers on `res` itself. */
  public forward(
    request: { headers: IncomingHttpHeaders; method?: string | undefined; url?: string | undefined },
    body: Buffer,
    res: ServerResponse,
  ): void {
    // kinesalite reads the body from 'data'/'end' events: replay what the front buffered.
    const forwarded = Object.assign(new EventEmitter(), {
      headers: request.headers,
      method: request.method,
      url: request.url,
    });
    this.#handle(forwarded, res);
    if (body.length > 0) forwarded.emit('data', body);
    forwarded.emit('end');
  }

  /** Hands a request to kinesalite and returns its answer instead of sending it. */
  public call(
    request: { headers: IncomingHttpHeaders; method?: string | undefined; url?: string | undefined },
    body: Buffer,
  ): Promise<BackendResponse> {
    return new Promise((resolve) => {
      const headers: Record<string, string> = {};
      const captured = {
        statusCode: 200,
        contentType: undefined as string | undefined,
        setHeader: (name: string, value: string | number) => {
          headers[name.toLowerCase()] = String(value);
        },
        end: (chunk?: Buffer | string) => {
          const body =
            chunk === undefined ? Buffer.alloc(0) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
          resolve({ status: captured.statusCode, headers, body });
        },
      };
      this.forward(request, body, captured as unknown as ServerResponse);
    });
  }

  /** Calls `operation` with a JSON body on behalf of the front (e.g. ListShards to route records). */
  public async callJson(operation: string, input: unknown): Promise<BackendResponse> {
    return this.call(
      { headers: internalHeaders(operation), method: 'POST', url: '/' },
      Buffer.from(JSON.stringify(input)),
    );
  }

  /** Closes the data store (flushing it to disk). */
  public async close(): Promise<void> {
    // kinesalite closes its LevelDB, then its (never started) HTTP server, which reports "not running".
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Sends a held-back (or front-made) response. */
export const sendResponse = (res: ServerResponse, response: BackendResponse): void => {
  res.writeHead(response.status, { ...response.headers, 'content-length': response.body.length });
  res.end(response.body);
};
