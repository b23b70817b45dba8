// Operations endpoints, mounted through Probot's addHandler: /healthz (the process is up),
// /readyz (the scheduler runs, no shutdown is under way, and the app can authenticate to
// GitHub: `GET /app` with its JWT, the answer reused briefly). /metrics is not here: it has its
// own listener, on loopback by default (metrics-server.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getAppIdentity } from '../github/installations.ts';
import type { AppRuntime, AuthHost } from './app-runtime.ts';
import { scrubSecrets } from './create-logger.ts';

export interface Readiness {
  schedulerRunning(): boolean;
  shuttingDown(): boolean;
  /** False while the work queue's store (Redis) is unreachable; absent: nothing to check. */
  queueReady?(): Promise<boolean>;
  /** How long one GitHub authentication check is reused; default AUTH_CHECK_TTL_MS, 0 = every request. */
  authCheckTtlMs?: number;
}

/** A readiness probe every few seconds costs one `GET /app` per this many ms at most. */
export const AUTH_CHECK_TTL_MS = 30_000;
/** A failed check is retried sooner, so a pod becomes ready soon after GitHub is back. */
export const AUTH_FAILURE_TTL_MS = 5_000;
/** A GitHub that does not answer within this is "not ready", rather than a hanging probe. */
export const AUTH_CHECK_TIMEOUT_MS = 5_000;

/** `ok`, or why the app cannot authenticate. */
export type AuthCheck = () => Promise<string>;

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return scrubSecrets(text.split('\n')[0] ?? '').slice(0, 200);
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`GitHub did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks that the app can authenticate to GitHub: `GET /app` with the app's JWT. A success is
 * reused for `ttlMs`, a failure for at most AUTH_FAILURE_TTL_MS; concurrent probes share one request.
 */
export function createAuthCheck(host: AuthHost, runtime: AppRuntime, ttlMs = AUTH_CHECK_TTL_MS, nowMs: () => number = () => Date.now()): AuthCheck {
  let cached: { at: number; ttl: number; result: Promise<string> } | undefined;
  return () => {
    if (cached !== undefined && nowMs() - cached.at < cached.ttl) return cached.result;
    const entry = { at: nowMs(), ttl: ttlMs, result: Promise.resolve('') };
    const attempt = async () => {
      await getAppIdentity(runtime.prepare(await host.auth()));
      return 'ok';
    };
    entry.result = withTimeout(attempt(), AUTH_CHECK_TIMEOUT_MS).catch((error: unknown) => {
      entry.ttl = Math.min(ttlMs, AUTH_FAILURE_TTL_MS);
      return `cannot authenticate: ${firstLine(error)}`;
    });
    cached = entry;
    return entry.result;
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): true {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
  return true;
}

/** Answers the readiness question: 200 `ready` or 503 `not ready`, with each check's state. */
async function readiness(state: Readiness, authCheck: AuthCheck): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = { scheduler: state.schedulerRunning() ? 'ok' : 'not running' };
  if (state.shuttingDown()) {
    checks.shutdown = 'in progress';
    return { ready: false, checks };
  }
  const [github, queue] = await Promise.all([authCheck(), state.queueReady?.()]);
  checks.github = github;
  if (queue !== undefined) checks.queue = queue ? 'ok' : 'unreachable';
  return { ready: checks.scheduler === 'ok' && checks.github === 'ok' && queue !== false, checks };
}

/** The request handler for Probot's `addHandler`: answers its two paths, passes on the rest. */
export function createOpsHandler(host: AuthHost, runtime: AppRuntime, state: Readiness) {
  const authCheck = createAuthCheck(host, runtime, state.authCheckTtlMs ?? AUTH_CHECK_TTL_MS);
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = (req.url ?? '').split('?')[0];
    switch (path) {
      case '/healthz':
        return send(res, 200, 'application/json', JSON.stringify({ status: 'ok' }));
      case '/readyz': {
        const { ready, checks } = await readiness(state, authCheck);
        return send(res, ready ? 200 : 503, 'application/json', JSON.stringify({ status: ready ? 'ready' : 'not ready', checks }));
      }
      default:
        return false;
    }
  };
}
