// Hostile registries on loopback, for the trust-boundary tests and the gzip-bomb bench: a
// plain HTTP listener whose handler the test writes, recording every request (and every
// TCP connection, so a test can prove the client never connected), plus a gzip bomb body.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';

export interface RecordedRequest {
  method: string;
  url: string;
  authorization?: string;
}

export interface HostileRegistry {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT` */
  host: string;
  port: number;
  requests: RecordedRequest[];
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

export type HostileHandler = (request: IncomingMessage, response: ServerResponse, self: HostileRegistry) => void;

/** Starts a listener on 127.0.0.1 with a free port. */
export async function startHostileRegistry(handler: HostileHandler): Promise<HostileRegistry> {
  let connections = 0;
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const recorded: RecordedRequest = { method: request.method ?? '', url: request.url ?? '' };
    if (request.headers.authorization !== undefined) recorded.authorization = request.headers.authorization;
    requests.push(recorded);
    response.on('error', () => undefined);
    handler(request, response, self);
  });
  server.on('connection', (socket) => {
    connections += 1;
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const self: HostileRegistry = {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return self;
}

/**
 * A gzip body that inflates to `decodedBytes`: `{"tags":["<first tag>","aaaa…` (never
 * closed). Compressed once here, about 1 KiB per MiB of output.
 */
export async function gzipBomb(decodedBytes: number, firstTag = 'stable-20250101'): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    gzip.on('end', resolve);
    gzip.on('error', reject);
  });
  const head = Buffer.from(`{"tags":["${firstTag}","`);
  gzip.write(head);
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  for (let written = head.length; written < decodedBytes; written += chunk.length) {
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

/** Answers a 200 JSON body compressed as `body` (already gzip). */
export function sendGzip(response: ServerResponse, body: Buffer): void {
  response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(body.length) });
  response.end(body);
}
