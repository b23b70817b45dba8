// Operations endpoints, mounted through Probot's addHandler: /healthz (the process is up),
// /readyz (GitHub authentication works and the scheduler runs), /metrics (Prometheus).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppRuntime, AuthHost } from './app-runtime.ts';

export interface Readiness {
  schedulerRunning(): boolean;
  shuttingDown(): boolean;
}

function send(res: ServerResponse, status: number, type: string, body: string): true {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
  return true;
}

export function createOpsHandler(host: AuthHost, runtime: AppRuntime, readiness: Readiness) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '').split('?')[0];
    switch (path) {
      case '/healthz':
        return send(res, 200, 'application/json', JSON.stringify({ status: 'ok' }));
      case '/readyz': {
        const checks: Record<string, string> = {};
        checks.scheduler = readiness.schedulerRunning() ? 'ok' : 'not running';
        if (readiness.shuttingDown()) checks.shutdown = 'in progress';
        try {
          await runtime.identity(host);
          checks.github = 'ok';
        } catch (error) {
          checks.github = `cannot authenticate: ${error instanceof Error ? error.message.split('\n')[0] : 'error'}`;
        }
        const ready = checks.scheduler === 'ok' && checks.github === 'ok' && checks.shutdown === undefined;
        return send(res, ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }));
      }
      case '/metrics':
        return send(res, 200, runtime.metrics.registry.contentType, await runtime.metrics.registry.metrics());
      default:
        return false;
    }
  };
}
