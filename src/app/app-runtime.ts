// What the app shares across events and passes: settings, metrics, the ETag cache, the
// app's identity (read once), fresh TagSources, and the shutdown flag.
import type { Logger } from 'pino';
import { installConditionalCache } from '../github/conditional-cache.ts';
import type { EtagCache } from '../github/conditional-cache.ts';
import { createCompactEtagCache } from './compact-etag-cache.ts';
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
import { createRepositoryIndex } from '../index/repository-index.ts';
import type { RepositoryIndex } from '../index/repository-index.ts';
import { createMemoryStore } from '../store/key-value-store.ts';
import type { KeyValueStore } from '../store/key-value-store.ts';
import type { RepoRef } from '../github/github-client.ts';

/** Anything that authenticates as the app (no id) or as an installation: Probot itself. */
export interface AuthHost {
  auth(installationId?: number): Promise<unknown>;
}

export interface RuntimeOptions {
  registry: RegistrySettings;
  now: () => Date;
  metrics?: Metrics;
  /** Where the repository index lives (default: in memory). */
  store?: KeyValueStore;
  /** Test hooks: a fast sleep for dispatch polling; a counter of GitHub requests. */
  sleep?: (ms: number) => Promise<void>;
  onGitHubRequest?: (event: { method: string; route: string; status?: number; fromCache: boolean }) => void;
}

export interface AppRuntime {
  metrics: Metrics;
  now: () => Date;
  etagCache: EtagCache;
  /** What freshpin last saw of each repository (a cache: losing it costs requests, never correctness). */
  index: RepositoryIndex;
  identity(host: AuthHost): Promise<AppIdentity>;
  newTagSource(): TagSource;
  /** Installs the conditional cache and the request counter on a client, once. */
  prepare(octokit: unknown): GitHubClient;
  job(octokit: unknown, repo: RepoRef, identity: AppIdentity, log: Logger, tagSource?: TagSource): RepoJob;
  stopRequested: boolean;
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
    index: createRepositoryIndex(options.store ?? createMemoryStore()),
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
        // GitHub counts neither 304s nor `GET /rate_limit`.
        const counted = !event.fromCache && event.status !== 304 && !event.route.endsWith('/rate_limit');
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
