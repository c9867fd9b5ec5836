import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CustomResourceResponse } from '../../src';

/** A real HTTP server on 127.0.0.1 standing in for CloudFormation's pre-signed ResponseURL. */
export class ResponseServer {
  public readonly received: Array<{
    method: string;
    headers: IncomingHttpHeaders;
    body: CustomResourceResponse;
  }> = [];
  /** HTTP statuses to answer first (then 200). */
  public failWith: number[] = [];
  readonly #server: Server;

  private constructor(server: Server) {
    this.#server = server;
  }

  public static async start(): Promise<ResponseServer> {
    const server = createServer();
    const instance = new ResponseServer(server);
    server.on('request', (request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        instance.received.push({
          method: request.method ?? '',
          headers: request.headers,
          body: JSON.parse(body) as CustomResourceResponse,
        });
        response.statusCode = instance.failWith.shift() ?? 200;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  public get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/cfn-response?X-Amz-Signature=abc`;
  }

  /** The one answer the handler gave (fails the test if there was not exactly one). */
  public only(): CustomResourceResponse {
    if (this.received.length !== 1) throw new Error(`expected one response, got ${this.received.length}`);
    return (this.received[0] as { body: CustomResourceResponse }).body;
  }

  public stop(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
