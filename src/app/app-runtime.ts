// What the app shares across events and passes: settings, metrics, the ETag cache, the
// app's identity (read once), fresh TagSources, and the shutdown flag.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Logger } from 'pino';
import { createEtagCache, installConditionalCache } from '../github/conditional-cache.ts';
import type { EtagCache } from '../github/conditional-cache.ts';
import type { GitHubClient } from '../github/github-client.ts';
import { getAppIdentity } from '../github/installations.ts';
import type { AppIdentity } from '../github/installations.ts';
import { installRequestCounter } from '../github/octokit-options.ts';
import type { Metrics } from '../ops/metrics.ts';
import { createMetrics, registryRequestRecorder } from '../ops/metrics.ts';
import { createTagSource } from '../registry/create-tag-source.ts';
import type { TagSource } from '../registry/tag-source.ts';
import type { RegistrySettings } from '../cli/read-runtime-settings.ts';
import type { RepoJob } from '../services/repo-job.ts';
import type { RepoRef } from '../github/github-client.ts';

/** Anything that authenticates as the app (no id) or as an installation: Probot itself. */
export interface AuthHost {
  auth(installationId?: number): Promise<unknown>;
}

export interface RuntimeOptions {
  registry: RegistrySettings;
  now: () => Date;
  metrics?: Metrics;
  /** Test hooks: a fast sleep for dispatch polling; a counter of GitHub requests. */
  sleep?: (ms: number) => Promise<void>;
  onGitHubRequest?: (event: { method: string; route: string; status?: number; fromCache: boolean }) => void;
}

export interface AppRuntime {
  metrics: Metrics;
  now: () => Date;
  etagCache: EtagCache;
  identity(host: AuthHost): Promise<AppIdentity>;
  newTagSource(): TagSource;
  /** Installs the conditional cache and the request counter on a client, once. */
  prepare(octokit: unknown): GitHubClient;
  job(octokit: unknown, repo: RepoRef, identity: AppIdentity, log: Logger, tagSource?: TagSource): RepoJob;
  stopRequested: boolean;
}

/** How a body is kept: its deflated bytes (an ArrayBuffer, so the cache counts its real size) and what it was. */
const PACKED_AS = 'x-freshpin-packed';

function deflate(bytes: Uint8Array | string): ArrayBuffer {
  const out = deflateRawSync(bytes);
  return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
}

function pack(data: unknown): { kind: string; bytes: ArrayBuffer } {
  if (data instanceof ArrayBuffer) return { kind: 'binary', bytes: deflate(new Uint8Array(data)) };
  if (ArrayBuffer.isView(data)) return { kind: 'binary', bytes: deflate(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) };
  if (typeof data === 'string') return { kind: 'text', bytes: deflate(data) };
  return { kind: 'json', bytes: deflate(JSON.stringify(data) ?? 'null') };
}

function unpack(kind: unknown, packed: unknown): unknown {
  if (!(packed instanceof ArrayBuffer)) return packed;
  const bytes = inflateRawSync(new Uint8Array(packed));
  if (kind === 'binary') return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  if (kind === 'text') return bytes.toString('utf8');
  return JSON.parse(bytes.toString('utf8')) as unknown;
}

/**
 * The ETag cache with every body kept deflated. GitHub's JSON repeats URLs and whole user and
 * repository objects everywhere, so it shrinks about tenfold: the answers for thousands of
 * repositories fit the byte budget, and a second pass over them finds every ETag.
 */
export function createCompactEtagCache(options: { maxEntries?: number; maxBytes?: number } = {}): EtagCache {
  const inner = createEtagCache(options);
  return {
    get(key) {
      const stored = inner.get(key);
      if (stored === undefined) return undefined;
      const { [PACKED_AS]: kind, ...headers } = stored.headers;
      return { ...stored, headers, data: unpack(kind, stored.data) };
    },
    set(key, value) {
      let packed: ReturnType<typeof pack>;
      try {
        packed = pack(value.data);
      } catch {
        return; // Not JSON (a BigInt): left uncached rather than failing the request.
      }
      inner.set(key, { ...value, headers: { ...value.headers, [PACKED_AS]: packed.kind }, data: packed.bytes });
    },
    get size() {
      return inner.size;
    },
    get bytes() {
      return inner.bytes;
    },
    clear: () => inner.clear(),
  };
}

export function createAppRuntime(options: RuntimeOptions): AppRuntime {
  const metrics = options.metrics ?? createMetrics();
  const etagCache = createCompactEtagCache({ maxEntries: 50_000 });
  const prepared = new WeakSet<object>();
  let identity: Promise<AppIdentity> | undefined;
  const runtime: AppRuntime = {
    metrics,
    now: options.now,
    etagCache,
    stopRequested: false,
    identity(host) {
      identity ??= host.auth().then((octokit) => getAppIdentity(runtime.prepare(octokit)));
      identity.catch(() => {
        identity = undefined;
      });
      return identity;
    },
    newTagSource: () => createTagSource({ ...options.registry, onRequest: registryRequestRecorder(metrics) }),
    prepare(octokit) {
      const client = octokit as GitHubClient;
      if (prepared.has(client)) return client;
      prepared.add(client);
      installConditionalCache(client, etagCache);
      installRequestCounter(client, (event) => {
        const counted = !event.fromCache && event.status !== 304;
        metrics.githubRequests.inc({ method: event.method, counted: String(counted) });
        options.onGitHubRequest?.(event);
      });
      client.hook.after('request', (response) => {
        const remaining = Number(response.headers['x-ratelimit-remaining']);
        if (Number.isFinite(remaining)) metrics.githubRateLimitRemaining.set(remaining);
      });
      return client;
    },
    job(octokit, repo, app, log, tagSource) {
      const job: RepoJob = { octokit: runtime.prepare(octokit), repo, app, log, now: options.now(), tagSource: tagSource ?? runtime.newTagSource(), metrics };
      if (options.sleep !== undefined) job.sleep = options.sleep;
      return job;
    },
  };
  return runtime;
}
