// How freshpin's Octokit retries and waits. Built on Probot's own plugins, configured:
// - @octokit/plugin-retry retries only idempotent requests (GET/HEAD) on 5xx and network
//   errors: 405/409/422/429 join its `doNotRetry` list, and a `before` hook sets
//   `request.retries = 0` on every other method (the plugin reads that per request).
//   A write that failed with 502 may have happened; repeating it is the caller's call.
// - @octokit/plugin-throttling waits out primary and secondary rate limits (honouring
//   `retry-after` / `x-ratelimit-reset`) for up to N retries and a longest wait; it
//   already serialises writes.
import { ProbotOctokit } from 'probot';
import { CACHE_HIT_HEADER } from './conditional-cache.ts';
import type { GitHubClient } from './github-client.ts';
import { boundedConfigFilesPlugin } from './bounded-config-files.ts';

/** Options the ProbotOctokit constructor takes. */
export type GitHubClientOptions = NonNullable<ConstructorParameters<typeof ProbotOctokit>[0]>;

/** Reported when a rate limit is hit, before the wait (or the give-up). */
export interface RateLimitEvent {
  kind: 'primary' | 'secondary';
  method: string;
  url: string;
  retryAfterSeconds: number;
  /** Retries already made for this request. */
  retryCount: number;
  willRetry: boolean;
}

export interface ThrottlePolicy {
  /** Retries after hitting a rate limit. Default 2. */
  maxRetries?: number;
  /** Longest wait honoured, seconds; a longer one fails at once (as `rate-limited`). Default 120. */
  maxWaitSeconds?: number;
  /** Milliseconds waited per second of `retry-after`; tests pass 1. Default 1000. */
  msPerSecond?: number;
  onLimit?: (event: RateLimitEvent) => void;
}

export interface FreshpinOctokitPolicy {
  /** Retries for GET/HEAD after a 5xx or network error. Default 3. */
  retries?: number;
  /** Retry delay base: the nth retry waits n² × this, in ms. Default 1000. */
  retryBaseMs?: number;
  throttle?: ThrottlePolicy;
}

/** Statuses never retried by the retry plugin: client errors, and 429 (the throttle's business). */
export const DO_NOT_RETRY = [400, 401, 403, 404, 405, 409, 410, 422, 429, 451];

const IDEMPOTENT = new Set(['GET', 'HEAD']);

type LimitHandler = (retryAfter: number, options: { method?: string; url?: string }, octokit: unknown, retryCount: number) => boolean;

/** The `retry` and `throttle` options for a ProbotOctokit; pair with `installIdempotentRetries` (or use `createFreshpinOctokit`). */
export function freshpinOctokitOptions(policy: FreshpinOctokitPolicy = {}) {
  const throttle = policy.throttle ?? {};
  const maxRetries = throttle.maxRetries ?? 2;
  const maxWaitSeconds = throttle.maxWaitSeconds ?? 120;
  const handler =
    (kind: RateLimitEvent['kind']): LimitHandler =>
    (retryAfter, options, _octokit, retryCount) => {
      const count = Number(retryCount) || 0;
      const willRetry = count < maxRetries && retryAfter <= maxWaitSeconds;
      throttle.onLimit?.({ kind, method: options.method ?? 'GET', url: options.url ?? '', retryAfterSeconds: retryAfter, retryCount: count, willRetry });
      return willRetry;
    };
  return {
    retry: {
      enabled: true,
      retries: policy.retries ?? 3,
      retryAfterBaseValue: policy.retryBaseMs ?? 1000,
      doNotRetry: DO_NOT_RETRY,
    },
    throttle: {
      retryAfterBaseValue: throttle.msPerSecond ?? 1000,
      onRateLimit: handler('primary'),
      onSecondaryRateLimit: handler('secondary'),
    },
  };
}

/** Adds the `before` hook that turns retries off for every request that is not GET or HEAD. */
export function installIdempotentRetries(octokit: Pick<GitHubClient, 'hook'>): void {
  octokit.hook.before('request', (options) => {
    if (!IDEMPOTENT.has(String(options.method).toUpperCase())) {
      // A new object: `options.request` may be the instance-wide default, shared by every request.
      options.request = { ...options.request, retries: 0 };
    }
  });
}

/** Octokit plugin form of `installIdempotentRetries`. */
export function idempotentRetriesPlugin(octokit: Pick<GitHubClient, 'hook'>): void {
  installIdempotentRetries(octokit);
}

/**
 * Merges freshpin's options into a constructor's options: freshpin's rate-limit handlers
 * win (Probot's own give up on secondary limits); everything else given (e.g. `enabled:
 * false` in tests, a Redis connection) is kept.
 */
export function mergeFreshpinOptions(given: GitHubClientOptions, policy: FreshpinOctokitPolicy = {}): GitHubClientOptions {
  const ours = freshpinOctokitOptions(policy);
  return {
    ...given,
    retry: { ...ours.retry, ...given.retry },
    throttle: { ...given.throttle, ...ours.throttle } as GitHubClientOptions['throttle'],
  };
}

/**
 * ProbotOctokit with freshpin's request policy: pass as `Octokit` to Probot
 * (`new Probot({ Octokit: createFreshpinOctokit(policy) })`) or construct directly.
 */
export function createFreshpinOctokit(policy: FreshpinOctokitPolicy = {}): typeof ProbotOctokit {
  return ProbotOctokit.plugin(idempotentRetriesPlugin, boundedConfigFilesPlugin).defaults((given: GitHubClientOptions) => mergeFreshpinOptions(given ?? {}, policy));
}

/** One finished logical request (retries and rate-limit waits happen inside it). */
export interface RequestCountEvent {
  method: string;
  /** The route template as called (`/repos/{owner}/{repo}`), or the path for a full URL; never a query string. */
  route: string;
  /** HTTP status; a conditional-cache hit reports 304. Undefined for network failures. */
  status?: number;
  /** True when the conditional cache answered (GitHub said 304). */
  fromCache: boolean;
  durationMs: number;
}

/**
 * Reports every request's outcome to `onResponse`, for metrics and benchmarks. Install it
 * after `installConditionalCache` so cache hits are seen as such (installed before, a hit
 * shows as a 304 failure with `fromCache: false`).
 */
export function installRequestCounter(octokit: Pick<GitHubClient, 'hook'>, onResponse: (event: RequestCountEvent) => void): void {
  octokit.hook.wrap('request', async (request, options) => {
    const started = performance.now();
    const method = String(options.method).toUpperCase();
    const route = routeOf(String(options.url));
    const report = (status: number | undefined, fromCache: boolean) => {
      try {
        onResponse({ method, route, ...(status === undefined ? {} : { status }), fromCache, durationMs: performance.now() - started });
      } catch {
        // A metrics callback must never break a request.
      }
    };
    try {
      const response = await request(options);
      const hit = response.headers[CACHE_HIT_HEADER] === 'hit';
      report(hit ? 304 : response.status, hit);
      return response;
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const hasResponse = (error as { response?: unknown }).response !== undefined;
      report(typeof status === 'number' && hasResponse ? status : undefined, false);
      throw error;
    }
  });
}

function routeOf(url: string): string {
  const path = /^https?:\/\//.test(url) ? new URL(url).pathname : url;
  const query = path.indexOf('?');
  return query === -1 ? path : path.slice(0, query);
}
