// Which failures a job retries, and after how long: transient ones (5xx, secondary rate
// limits, 429, timeouts, connection resets) with exponential backoff and jitter, or after the
// `Retry-After` GitHub sent; permanent ones (404 of a deleted repository, 422 validation, any
// other 4xx, a bug) not at all. Pure: the error and the attempt in, a decision out.

export interface BackoffOptions {
  /** The first retry's nominal delay. */
  baseMs: number;
  /** No retry waits longer than this (a Retry-After beyond it is capped too). */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 5 * 60_000 };

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ECONNABORTED']);

interface ErrorShape {
  errors?: unknown;
  name?: unknown;
  status?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  response?: { headers?: Record<string, unknown> };
}

function shape(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
}

/** The HTTP status an Octokit (or similar) error carries, if any. */
export function errorStatus(error: unknown): number | undefined {
  const status = shape(error).status;
  return typeof status === 'number' ? status : undefined;
}

/** Milliseconds GitHub asked to wait (`Retry-After` seconds or date, or the rate-limit reset when none remain). */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const headers = shape(error).response?.headers ?? {};
  const header = headers['retry-after'];
  if (typeof header === 'string' || typeof header === 'number') {
    const text = String(header).trim();
    if (/^\d+$/.test(text)) return Number(text) * 1000;
    const date = Date.parse(text);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  if (String(headers['x-ratelimit-remaining'] ?? '') === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

/** True for failures another try may not meet: server errors, rate limits, timeouts, dropped connections. */
export function isTransient(error: unknown, depth = 0): boolean {
  const { name, code, message, cause, errors } = shape(error);
  // Probot's `receive` rejects with every handler's error together: retry when one of them may pass.
  if (Array.isArray(errors) && errors.length > 0) return depth < 4 && errors.some((inner) => isTransient(inner, depth + 1));
  const status = errorStatus(error);
  if (status !== undefined) {
    if (status >= 500 || status === 429 || status === 408) return true;
    if (status === 403) return /secondary rate limit|rate limit exceeded|abuse/i.test(String(message ?? '')) || retryAfterMs(error) !== undefined;
    return false;
  }
  if (name === 'PermanentJobError') return false;
  if (name === 'ReleasedJobError') return true;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  if (name === 'TimeoutError' || name === 'AbortError' && /timeout/i.test(String(message ?? ''))) return true;
  if (/socket hang up|ECONNRESET|ETIMEDOUT|network timeout|other side closed|fetch failed/i.test(String(message ?? ''))) return true;
  return depth < 4 && cause !== undefined && isTransient(cause, depth + 1);
}

/** Exponential backoff with equal jitter: half the nominal delay, plus up to the other half at random. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: number = Math.random()): number {
  const nominal = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + (nominal / 2) * random);
}

/** After try number `attempt` (1-based) of `attempts` failed with `error`: retry, and when, or not. */
export function decideRetry(error: unknown, attempt: number, attempts: number, options: BackoffOptions = DEFAULT_BACKOFF, random: number = Math.random(), now: number = Date.now()): RetryDecision {
  if (!isTransient(error)) return { retry: false, reason: `permanent: ${describeError(error)}` };
  if (attempt >= attempts) return { retry: false, reason: `gave up after ${attempts} tries: ${describeError(error)}` };
  const asked = retryAfterMs(error, now);
  const delayMs = asked === undefined ? backoffDelay(attempt, options, random) : Math.min(options.maxMs, asked + Math.round(250 * random));
  return { retry: true, delayMs };
}

/** A short, secret-free account of an error for the failed set and the logs. */
export function describeError(error: unknown): string {
  const { name, message, code, errors } = shape(error);
  if (Array.isArray(errors) && errors.length > 0) return errors.slice(0, 3).map((inner) => describeError(inner)).join('; ');
  const status = errorStatus(error);
  const text = String(message ?? error).split('\n')[0] ?? '';
  const parts = [typeof name === 'string' ? name : 'Error', status === undefined ? undefined : String(status), typeof code === 'string' ? code : undefined].filter((part) => part !== undefined);
  return `${parts.join(' ')}: ${text.replace(/gh[pousr]_[A-Za-z0-9_]+|v1\.[0-9a-f]{40}/g, '[token]').slice(0, 300)}`;
}

/**
 * Runs `task`, retrying transient failures per the policy (sleeping between tries, giving up
 * early once `signal` aborts). Rethrows the last failure. For work outside a queue's job: a
 * repository within the embedded pass.
 */
export async function withRetries<T>(task: (attempt: number) => Promise<T>, options: { attempts: number; backoff?: BackoffOptions; signal?: AbortSignal; sleep?: (ms: number) => Promise<void>; onRetry?: (error: unknown, attempt: number, delayMs: number) => void }): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await task(attempt);
    } catch (error) {
      const decision = decideRetry(error, attempt, options.attempts, options.backoff);
      if (!decision.retry || aborted(options.signal)) throw error;
      options.onRetry?.(error, attempt, decision.delayMs);
      await sleep(decision.delayMs);
      if (aborted(options.signal)) throw error;
    }
  }
}

function aborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}
