// The one HTTP layer every registry adapter goes through: a got 16 instance with
// per-request timeouts, an overall deadline per call, retries with exponential backoff
// and jitter for idempotent requests, and 429 handling that honours Retry-After and
// Docker Hub's X-Retry-After up to a cap. Bodies are streamed with a cap on decoded bytes
// (read-capped-body.ts); redirects are followed hop by hop (send-registry-request.ts), so every hop passes the
// app's address guard and an Authorization header never crosses to another origin.
// Network failures are sorted here into RegistryUnavailableError and oversized bodies into
// RegistryResponseTooLargeError; every other status is handed back for the adapter to judge.
import { RequestError } from 'got';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressGuard } from './guard-registry-address.ts';
import { RegistryResponseTooLargeError, RegistryUnavailableError } from './registry-errors.ts';
import { FinalFailure, createGotInstance, sendOnce } from './send-registry-request.ts';

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
  /**
   * The app's SSRF guard: untrusted hosts must resolve to public addresses, and their
   * network failures all read the same. Undefined (the CLI): every host is reachable.
   */
  guard?: AddressGuard;
}

export interface HttpRequest {
  /** The registry as the image names it, for errors and events (e.g. `docker.io`). */
  registry: string;
  method: 'GET' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  /** Most decoded body bytes read (see BODY_CAPS); more aborts with RegistryResponseTooLargeError. Default 4 MiB. */
  maxBytes?: number;
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
        const response = await sendOnce(client, request, Math.min(requestMs, remaining), options.guard, now);
        options.onRequest?.({ registry: request.registry, method: request.method, url: request.url, status: response.status });
        const status = response.status;
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
          return response;
        }
      } catch (error) {
        if (error instanceof RegistryUnavailableError) throw error;
        if (error instanceof FinalFailure) {
          options.onRequest?.({ registry: request.registry, method: request.method, url: request.url });
          if (error.kind === 'too-large') throw new RegistryResponseTooLargeError(request.registry, `${request.registry}: ${where}: ${error.message}`);
          if (error.kind === 'refused' || untrusted(options.guard, request.url)) throw unavailable(NOT_REACHABLE);
          throw unavailable(error.message);
        }
        if (!(error instanceof RequestError)) throw error;
        options.onRequest?.({ registry: request.registry, method: request.method, url: request.url });
        if (error.code === 'EFRESHPINREFUSED') throw unavailable(NOT_REACHABLE);
        wait = backoff(attempt, backoffMs, random);
        // Untrusted hosts in the app: one text for every network failure, so the dashboard is no port scanner.
        failure = untrusted(options.guard, request.url) ? NOT_REACHABLE : networkFailure(error);
      }

      if (!retryable || attempt >= retryLimit) {
        throw unavailable(attempt > 0 && failure !== NOT_REACHABLE ? `${failure} after ${attempt + 1} attempts` : failure);
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

/** The one text for a refused or failing untrusted host in the app. */
export const NOT_REACHABLE = 'not reachable (network error, or an address freshpin does not connect to)';

function untrusted(guard: AddressGuard | undefined, url: string): boolean {
  if (guard === undefined) return false;
  try {
    return !guard.isTrusted(new URL(url));
  } catch {
    return true;
  }
}

function networkFailure(error: RequestError): string {
  if (error.name === 'TimeoutError') return 'timed out';
  return `network error ${error.code ?? error.name}`;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
