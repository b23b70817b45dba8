// Conditional GETs: every GET whose URL the cache holds an ETag for goes out with
// `If-None-Match`; GitHub's 304 (which Octokit throws as a RequestError) is answered from
// the cache, marked `x-freshpin-cache: hit`. GitHub does not count 304s against the rate
// limit, so an unchanged repository costs no counted requests.
//
// The key is method + expanded URL (with query) + Accept, never the token: one cache can
// serve every installation's client (GitHub answers 404, not 304, to a token without access).
import type { GitHubClient } from './github-client.ts';

/** Response header set on answers served from the cache. */
export const CACHE_HIT_HEADER = 'x-freshpin-cache';

/** A stored 200 response. */
export interface CachedResponse {
  etag: string;
  status: number;
  url: string;
  headers: Record<string, unknown>;
  data: unknown;
}

/**
 * An LRU map from request key to the last 200 response that carried an ETag. `get` returns a
 * copy the caller owns, and `set` keeps a snapshot, so the hook copies nothing itself (the
 * compact cache's packing and unpacking are those copies).
 */
export interface EtagCache {
  get(key: string): CachedResponse | undefined;
  /** Stores a snapshot of `value`, unless it alone would take more than a quarter of the byte budget. */
  set(key: string, value: CachedResponse): void;
  readonly size: number;
  /** Approximate bytes held (JSON length of the bodies). */
  readonly bytes: number;
  clear(): void;
}

/** A Map-backed LRU cache, bounded to `maxEntries` (default 2000) and about `maxBytes` of bodies (default 64 MiB). */
export function createEtagCache(options: { maxEntries?: number; maxBytes?: number } = {}): EtagCache {
  const maxEntries = Math.max(1, options.maxEntries ?? 2000);
  const maxBytes = Math.max(1, options.maxBytes ?? 64 * 1024 * 1024);
  const entries = new Map<string, { value: CachedResponse; bytes: number }>();
  let total = 0;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (entry === undefined) return;
    entries.delete(key);
    total -= entry.bytes;
  };
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      entries.set(key, entry);
      return structuredClone(entry.value);
    },
    set(key, value) {
      remove(key);
      const bytes = approximateBytes(value.data);
      if (bytes > maxBytes / 4) return;
      entries.set(key, { value: structuredClone(value), bytes });
      total += bytes;
      while (entries.size > maxEntries || total > maxBytes) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        remove(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return total;
    },
    clear() {
      entries.clear();
      total = 0;
    },
  };
}

function approximateBytes(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  try {
    return JSON.stringify(data)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Adds the conditional-GET hook to `octokit`; returns the cache it uses. */
export function installConditionalCache(octokit: Pick<GitHubClient, 'hook' | 'request'>, cache: EtagCache = createEtagCache()): EtagCache {
  octokit.hook.wrap('request', async (request, options) => {
    if (String(options.method).toUpperCase() !== 'GET' || hasConditionalHeader(options.headers)) {
      return request(options);
    }
    const key = cacheKey(octokit, options);
    const cached = cache.get(key);
    if (cached !== undefined) {
      // Mutate, don't copy: before-after-hook binds `options` into the inner chain.
      options.headers = { ...options.headers, 'if-none-match': cached.etag };
    }
    try {
      const response = await request(options);
      const etag = headerText(response.headers.etag);
      if (response.status === 200 && etag !== undefined) {
        cache.set(key, { etag, status: response.status, url: response.url, headers: keptHeaders(response.headers), data: response.data });
      }
      return response;
    } catch (error) {
      if (cached !== undefined && (error as { status?: unknown }).status === 304) {
        return {
          status: cached.status,
          url: cached.url,
          headers: { ...cached.headers, [CACHE_HIT_HEADER]: 'hit' },
          data: cached.data,
        } as Awaited<ReturnType<typeof request>>;
      }
      throw error;
    }
  });
  return cache;
}

/**
 * The headers an answer from the cache carries: what describes the body (pagination links,
 * media type, validators). Per-response headers (date, rate-limit counters, request ids) would
 * be stale, and keeping them for every entry would cost more memory than the bodies.
 */
const KEPT_HEADERS = ['etag', 'last-modified', 'link', 'content-type', 'x-github-media-type'];

function keptHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const name of KEPT_HEADERS) if (headers[name] !== undefined) kept[name] = headers[name];
  return kept;
}

function cacheKey(octokit: Pick<GitHubClient, 'request'>, options: Parameters<GitHubClient['request']['endpoint']['parse']>[0]): string {
  const parsed = octokit.request.endpoint.parse(options);
  const accept = headerText((parsed.headers as Record<string, unknown>).accept) ?? '';
  return `GET ${parsed.url} ${accept}`;
}

function hasConditionalHeader(headers: Record<string, unknown> | undefined): boolean {
  if (headers === undefined) return false;
  return Object.keys(headers).some((name) => /^if-(none-match|modified-since)$/i.test(name));
}

function headerText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
