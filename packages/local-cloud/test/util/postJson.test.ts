import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { postJson } from '../../src/util/postJson';

/**
 * A server that answers the first request on each connection and resets the connection on the second,
 * without reading or answering it: what a client sees when the server's keep-alive timeout closes a
 * socket just as the client reuses it.
 */
const startServer = async (resetSecondRequest: 'on-reused' | 'always') => {
  const bodies: string[] = [];
  const connections = new Set<Socket>();
  const requestsOn = new WeakMap<Socket, number>();
  const server: Server = createServer((req, res) => {
    const socket = req.socket;
    const seen = (requestsOn.get(socket) ?? 0) + 1;
    requestsOn.set(socket, seen);
    if (resetSecondRequest === 'always' || seen > 1) {
      socket.resetAndDestroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ n: bodies.length }));
    });
  });
  server.on('connection', (socket) => connections.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { url, bodies, connections, close: () => new Promise((r) => server.close(r)) };
};

describe('postJson', () => {
  let agent: Agent;
  beforeEach(() => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });
  afterEach(() => agent.destroy());

  it('retries once on a fresh socket when a reused one was reset before an answer', async () => {
    const server = await startServer('on-reused');
    try {
      const first = await postJson(server.url, '{"a":1}', { agent });
      const second = await postJson(server.url, '{"a":2}', { agent });

      expect(first).toMatchObject({ status: 200, body: '{"n":1}' });
      expect(second).toMatchObject({ status: 200, body: '{"n":2}' });
      expect(server.bodies).toEqual(['{"a":1}', '{"a":2}']);
      expect(server.connections.size).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('does not retry a reset on a fresh socket: the server may have read that request', async () => {
    const server = await startServer('always');
    try {
      await expect(postJson(server.url, '{"a":1}', { agent })).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
      expect(server.connections.size).toBe(1);
    } finally {
      await server.close();
    }
  });
});
