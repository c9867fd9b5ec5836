import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The local cloud listens on loopback only (SECURITY.md). */
export const LOOPBACK = '127.0.0.1';

/** A TCP port that is free on loopback right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, LOOPBACK, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

/** Whether something accepts TCP connections on `port`. */
export const isPortOpen = (port: number, host = LOOPBACK): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500);
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });

/** Waits until `port` accepts connections, or throws after `timeoutMs` with `what` in the message. */
export const waitForPort = async (port: number, what: string, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isPortOpen(port)) return;
    await sleep(100);
  }
  throw new Error(`${what} did not start listening on ${LOOPBACK}:${port} within ${timeoutMs / 1000}s`);
};

/** Starts `server` on loopback at `port` (0: any free port). */
export const listenOnLoopback = (server: Server, port: number): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve());
  });

/**
 * Holds `port` (0: any free one) from now on with a server that answers 503 until its real handler is
 * attached: a port only picked with freePort() stays free until used, and another process (a test's
 * emulator) can take it in between.
 */
export const reserveHttpPort = async (port: number): Promise<Server> => {
  const server = createHttpServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'Starting: try again in a moment' }));
  });
  await listenOnLoopback(server, port);
  return server;
};

/** Closes `server`, dropping kept-alive connections instead of waiting for them. */
export const closeServer = (server: Server | undefined): Promise<void> => {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
};

/** The URL a started server answers on (its actual port when it was started on 0). */
export const urlOf = (server: Server | undefined, fallbackPort: number): string => {
  const address = server?.address();
  return `http://${LOOPBACK}:${typeof address === 'object' && address ? address.port : fallbackPort}`;
};
