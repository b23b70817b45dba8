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
  /** The request's route (`/repos/{owner}/{repo}/pulls`, see `routeOf`): answers of one route look alike. */
  route?: string;
}

/** What a lookup finds: the ETag to send, and the stored answer, read only when needed (a 304). */
export interface EtagCacheEntry {
  etag: string;
  /** The stored answer, as a copy the caller owns. */
  read(): CachedResponse;
}

/**
 * An LRU map from request key to the last 200 response that carried an ETag. `set` keeps a
 * snapshot, and `read` returns a copy, so the hook copies nothing itself.
 */
export interface EtagCache {
  get(key: string): EtagCacheEntry | undefined;
  /** Stores a snapshot of `value`, unless it alone would take more than a quarter of the byte budget. */
  set(key: string, value: CachedResponse): void;
  readonly size: number;
  /** Approximate bytes held (JSON length of the bodies, or what the codec reports). */
  readonly bytes: number;
  clear(): void;
}

/** How entries are kept: as structured clones by default; the app's runtime keeps them deflated (compact-etag-cache.ts). */
export interface EtagCacheCodec<Stored> {
  /** A snapshot of `value`; undefined leaves it uncached (a body that cannot be kept). */
  pack(value: CachedResponse): Stored | undefined;
  /** A copy the caller owns (`etag` is the entry's, kept beside what was packed). */
  unpack(stored: Stored, etag: string): CachedResponse;
  /** Approximate bytes `stored` holds, for the byte budget. */
  bytes(stored: Stored): number;
  /** Called by `clear()`: drop whatever the codec keeps beside the entries. */
  reset?(): void;
}

const CLONING_CODEC: EtagCacheCodec<CachedResponse> = {
  pack(value) {
    try {
      return structuredClone(value);
    } catch {
      return undefined;
    }
  },
  unpack: (stored) => structuredClone(stored),
  bytes: (stored) => approximateBytes(stored.data),
};

export interface EtagCacheOptions<Stored> {
  /** Default 2000. */
  maxEntries?: number;
  /** About this many bytes of bodies (as the codec counts them). Default 64 MiB. */
  maxBytes?: number;
  codec?: EtagCacheCodec<Stored>;
}

/** A Map-backed LRU cache, bounded in entries and in bytes. */
export function createEtagCache<Stored = CachedResponse>(options: EtagCacheOptions<Stored> = {}): EtagCache {
  const maxEntries = Math.max(1, options.maxEntries ?? 2000);
  const maxBytes = Math.max(1, options.maxBytes ?? 64 * 1024 * 1024);
  const codec = (options.codec ?? CLONING_CODEC) as EtagCacheCodec<Stored>;
  const entries = new Map<string, { etag: string; stored: Stored; bytes: number }>();
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
      const { etag, stored } = entry;
      return { etag, read: () => codec.unpack(stored, etag) };
    },
    set(key, value) {
      remove(key);
      const stored = codec.pack(value);
      if (stored === undefined) return;
      const bytes = codec.bytes(stored);
      if (bytes > maxBytes / 4) return;
      entries.set(key, { etag: value.etag, stored, bytes });
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
      codec.reset?.();
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
    const parsed = octokit.request.endpoint.parse(options);
    if (isAddressedBySha(parsed.url)) return request(options);
    const key = cacheKey(parsed);
    const cached = cache.get(key);
    if (cached !== undefined) {
      // Mutate, don't copy: before-after-hook binds `options` into the inner chain.
      options.headers = { ...options.headers, 'if-none-match': cached.etag };
    }
    try {
      const response = await request(options);
      const etag = headerText(response.headers.etag);
      if (response.status === 200 && etag !== undefined) {
        cache.set(key, { etag, status: response.status, url: response.url, headers: keptHeaders(response.headers), data: response.data, route: routeOf(options.url, parsed.url) });
      }
      return response;
    } catch (error) {
      if (cached !== undefined && (error as { status?: unknown }).status === 304) {
        const answer = cached.read();
        return {
          status: answer.status,
          url: answer.url,
          headers: { ...answer.headers, [CACHE_HIT_HEADER]: 'hit' },
          data: answer.data,
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

/**
 * The request's route: its template, or for an expanded URL (the pages Octokit's paginate
 * asks for) the path with the repository, numbers and SHAs taken out:
 * `/repos/{owner}/{repo}/issues`, `/repositories/{id}/pulls`.
 */
export function routeOf(template: unknown, expanded: string): string {
  if (typeof template === 'string' && template.includes('{')) return template;
  const path = (/^[a-z]+:\/\/[^/]+(\/[^?#]*)/i.exec(expanded)?.[1] ?? expanded.split('?')[0] ?? '').replace(/^\/api\/v3(?=\/)/, '');
  return path
    .replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/{owner}/{repo}')
    .replace(/\/[0-9a-f]{40}(?=\/|$)/gi, '/{sha}')
    .replace(/\/\d+(?=\/|$)/g, '/{id}');
}

/**
 * Commits and blobs read by SHA never change and freshpin reads each once (a bump branch's
 * base commit, a large file), so their ETags would be memory spent for nothing. Trees and
 * contents at a commit stay cached: when the Dockerfiles kept by commit (read-repo-snapshot.ts)
 * have been evicted, their 304s keep an unchanged repository free of counted requests.
 */
function isAddressedBySha(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return /\/git\/(commits|blobs)\/[0-9a-f]{40}$/i.test(path);
}

function cacheKey(parsed: ReturnType<GitHubClient['request']['endpoint']['parse']>): string {
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
