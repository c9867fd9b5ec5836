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
