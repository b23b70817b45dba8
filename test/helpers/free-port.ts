// A loopback port nobody listens on right now, for servers the tests and benches start
// (Probot's server reads port 0 as 3000, and docker-registry and redis-server take a fixed one).
import { createServer } from 'node:net';

/** Binds port 0 on 127.0.0.1, reads the port the kernel chose, and frees it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
