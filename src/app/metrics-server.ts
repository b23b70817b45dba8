// /metrics on its own listener: loopback by default (METRICS_HOST, METRICS_PORT), never on the
// webhook port, which faces the internet. When it is exposed beyond loopback, METRICS_TOKEN
// makes it ask for `Authorization: Bearer <token>` (compared in constant time).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../ops/metrics.ts';

export interface MetricsListen {
  host: string;
  port: number;
  /** Required as a bearer token when set. */
  token?: string;
}


function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** True when the request carries `Bearer <token>`; digests of equal length are compared in constant time. */
function authorised(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const header = req.headers.authorization ?? '';
  const given = /^Bearer (.+)$/i.exec(header)?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(token));
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

/** The metrics request handler: GET/HEAD /metrics, bearer-checked when a token is set; 404 for anything else. */
export function createMetricsHandler(metrics: Metrics, token?: string) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || path !== '/metrics') return send(res, 404, 'text/plain', 'not found\n');
    if (!authorised(req, token)) return send(res, 401, 'text/plain', 'unauthorised\n', { 'www-authenticate': 'Bearer' });
    send(res, 200, metrics.registry.contentType, await metrics.registry.metrics());
  };
}

export interface RunningMetricsServer {
  server: Server;
  port: number;
  stop(): Promise<void>;
}

/** Starts the metrics listener; rejects when the port cannot be bound. */
export async function startMetricsServer(metrics: Metrics, listen: MetricsListen): Promise<RunningMetricsServer> {
  const handler = createMetricsHandler(metrics, listen.token);
  const server = createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain', 'metrics failed\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: listen.host, port: listen.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
