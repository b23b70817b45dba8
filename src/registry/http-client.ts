// The one HTTP layer every registry adapter goes through: a got 16 instance with
// per-request timeouts, an overall deadline per call, retries with exponential backoff
// and jitter for idempotent requests, and 429 handling that honours Retry-After and
// Docker Hub's X-Retry-After up to a cap. Network failures are sorted here into
// RegistryUnavailableError; every other status is handed back for the adapter to judge.
import got, { RequestError } from 'got';
import type { IncomingHttpHeaders } from 'node:http';
import { RegistryUnavailableError } from './registry-errors.ts';

/** Reported after every attempt: for metrics and request counting. Carries no headers. */
export interface RequestEvent {
  registry: string;
  method: string;
  url: string;
  /** HTTP status; undefined when the attempt failed at the network level. */
  status?: number;
}

export interface HttpTimeouts {
  /** Per attempt, from start to the end of the body. Default 15 s. */
  requestMs?: number;
  /** Per call, across every retry and wait. Default 120 s. */
  deadlineMs?: number;
}

export interface RegistryHttpOptions {
  timeouts?: HttpTimeouts;
  /** Retries after the first attempt, for network errors, 5xx and 429. Default 3. */
  retryLimit?: number;
  /** First backoff step; doubles on each retry, then jittered. Default 500 ms. */
  backoffMs?: number;
  /** Longest 429 wait honoured; a longer Retry-After fails at once as "rate limited". Default 60 s. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); jitter source. */
  random?: () => number;
  /** Milliseconds since the epoch; for the deadline and HTTP-date Retry-After. */
  now?: () => number;
  onRequest?: (event: RequestEvent) => void;
}

export interface HttpRequest {
  /** The registry as the image names it, for errors and events (e.g. `docker.io`). */
  registry: string;
  method: 'GET' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The final URL, after redirects. */
  url: string;
}

/** Sends one logical request (with its retries) and returns the final response of any status below 500 except 429. */
export type RegistryHttp = (request: HttpRequest) => Promise<HttpResponse>;

const DEFAULT_REQUEST_MS = 15_000;
const DEFAULT_DEADLINE_MS = 120_000;
const MAX_BACKOFF_MS = 10_000;
const IDEMPOTENT = new Set(['GET', 'HEAD']);

/** Builds the shared got instance: no got retries (ours are explicit), statuses returned, not thrown. */
export function createGotInstance() {
  return got.extend({
    retry: { limit: 0 },
    throwHttpErrors: false,
    followRedirect: true,
    maxRedirects: 5,
    decompress: true,
    responseType: 'text',
    headers: { 'user-agent': 'freshpin' },
  });
}

/** Creates the retrying, rate-limit-aware request function. */
export function createRegistryHttp(options: RegistryHttpOptions = {}): RegistryHttp {
  const client = createGotInstance();
  const requestMs = options.timeouts?.requestMs ?? DEFAULT_REQUEST_MS;
  const deadlineMs = options.timeouts?.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const retryLimit = options.retryLimit ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  return async (request) => {
    const started = now();
    const where = `${request.method} ${describeUrl(request.url)}`;
    const unavailable = (why: string) => new RegistryUnavailableError(request.registry, `${request.registry}: ${where}: ${why}`);
    const retryable = IDEMPOTENT.has(request.method);

    for (let attempt = 0; ; attempt++) {
      const remaining = deadlineMs - (now() - started);
      if (remaining <= 0) throw unavailable(`deadline of ${Math.round(deadlineMs / 1000)} s exceeded`);

      let wait: number;
      let failure: string;
      try {
        const response = await client(request.url, {
          method: request.method,
          headers: request.headers ?? {},
          timeout: { request: Math.min(requestMs, remaining) },
        });
        options.onRequest?.({ registry: request.registry, method: request.method, url: request.url, status: response.statusCode });
        const status = response.statusCode;
        if (status === 429) {
          const retryAfter = parseRetryAfter(response.headers, now());
          if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) {
            throw unavailable(`rate limited (retry after ${Math.ceil(retryAfter / 1000)} s exceeds the ${Math.round(maxRetryAfterMs / 1000)} s cap)`);
          }
          wait = retryAfter ?? backoff(attempt, backoffMs, random);
          failure = 'rate limited (429)';
        } else if (status >= 500) {
          wait = backoff(attempt, backoffMs, random);
          failure = `server error ${status}`;
        } else {
          return { status, headers: response.headers, body: response.body, url: response.url };
        }
      } catch (error) {
        if (error instanceof RegistryUnavailableError) throw error;
        if (!(error instanceof RequestError)) throw error;
        options.onRequest?.({ registry: request.registry, method: request.method, url: request.url });
        wait = backoff(attempt, backoffMs, random);
        failure = networkFailure(error);
      }

      if (!retryable || attempt >= retryLimit) {
        throw unavailable(attempt > 0 ? `${failure} after ${attempt + 1} attempts` : failure);
      }
      if (now() - started + wait > deadlineMs) throw unavailable(`${failure}; next retry would pass the deadline`);
      await sleep(wait);
    }
  };
}

/**
 * The wait a 429 asks for, in ms: `Retry-After` (delta seconds or HTTP date) and Docker Hub's
 * `X-Retry-After` (epoch seconds); the longer when both are present. Undefined when neither parses.
 */
export function parseRetryAfter(headers: IncomingHttpHeaders, nowMs: number): number | undefined {
  const waits: number[] = [];
  const retryAfter = headerValue(headers['retry-after']);
  if (retryAfter !== undefined) {
    if (/^\d+$/.test(retryAfter)) waits.push(Number(retryAfter) * 1000);
    else {
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) waits.push(Math.max(0, at - nowMs));
    }
  }
  const xRetryAfter = headerValue(headers['x-retry-after']);
  if (xRetryAfter !== undefined && /^\d+$/.test(xRetryAfter)) {
    waits.push(Math.max(0, Number(xRetryAfter) * 1000 - nowMs));
  }
  return waits.length > 0 ? Math.max(...waits) : undefined;
}

/** Exponential backoff with jitter: base·2^attempt scaled by a factor in [0.5, 1.5), capped at 10 s. */
export function backoff(attempt: number, baseMs: number, random: () => number): number {
  return Math.round(Math.min(MAX_BACKOFF_MS, baseMs * 2 ** attempt) * (0.5 + random()));
}

/** A URL fit for messages: no user info, no query string (which may carry account names). */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

/** First value of a header that may repeat. */
export function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim();
}

function networkFailure(error: RequestError): string {
  if (error.name === 'TimeoutError') return 'timed out';
  return `network error ${error.code ?? error.name}`;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
