// What the app shares across events and passes: settings, metrics, the ETag cache, the
// app's identity (read once), fresh TagSources, the per-PR queues, and the stop signal.
import { installConditionalCache } from '../github/conditional-cache.ts';
import type { EtagCache } from '../github/conditional-cache.ts';
import { createCompactEtagCache } from './compact-etag-cache.ts';
import { getAppIdentity } from '../github/installations.ts';
import type { AppIdentity } from '../github/installations.ts';
import { installRequestCounter } from '../github/octokit-options.ts';
import type { Metrics } from '../ops/metrics.ts';
import { createMetrics, registryRequestRecorder } from '../ops/metrics.ts';
import { createOwnerTagSource, createOwnerTagSources } from '../registry/create-owner-tag-sources.ts';
import type { RegistrySettings } from '../settings/read-runtime-settings.ts';
import { createKeyedQueue } from '../services/keyed-queue.ts';
import type { PassHost, PassRuntime } from '../services/passes/run-pass.ts';
import { createCommitFilesCache, createJobMemo } from '../services/repo-job.ts';
import type { CommitFilesCache, JobQueues, RepoJob } from '../services/repo-job.ts';
import { createRepositoryIndex } from '../index/repository-index.ts';
import type { RepositoryIndex } from '../index/repository-index.ts';
import { createMemoryStore } from '../store/key-value-store.ts';
import type { KeyValueStore } from '../store/key-value-store.ts';

/** Anything that authenticates as the app (no id) or as an installation: Probot itself. */
export type AuthHost = Pick<PassHost, 'auth'>;

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

/** What a pass needs (metrics, identity, TagSources, clients, jobs, the stop signal), and what the events share besides. */
export interface AppRuntime extends PassRuntime {
  now: () => Date;
  etagCache: EtagCache;
  /** Per-PR queues shared by every job of this runtime. */
  queues: JobQueues;
  /** The Dockerfiles read at a commit, shared by every job of this runtime. */
  commitFiles: CommitFilesCache;
  /** Aborts `signal`: passes start no other repository, and the events check no more. */
  stop(): void;
  /** What freshpin last saw of each repository (a cache: losing it costs requests, never correctness). */
  index: RepositoryIndex;
}

export function createAppRuntime(options: RuntimeOptions): AppRuntime {
  const metrics = options.metrics ?? createMetrics();
  const etagCache = createCompactEtagCache({ maxEntries: 50_000 });
  const prepared = new WeakSet<object>();
  let identity: Promise<AppIdentity> | undefined;
  const stopping = new AbortController();
  const trustedHosts = operatorHosts(options.registry);
  const runtime: AppRuntime = {
    metrics,
    now: options.now,
    etagCache,
    queues: { pulls: createKeyedQueue(), scans: createKeyedQueue() },
    commitFiles: createCommitFilesCache(),
    signal: stopping.signal,
    stop: () => stopping.abort(),
    index: createRepositoryIndex(options.store ?? createMemoryStore()),
    identity(host) {
      identity ??= host.auth().then((octokit) => getAppIdentity(runtime.prepare(octokit)));
      identity.catch(() => {
        identity = undefined;
      });
      return identity;
    },
    newTagSource: (owner) => createOwnerTagSource(options.registry, owner, { onRequest: registryRequestRecorder(metrics, trustedHosts) }),
    newTagSources: () => createOwnerTagSources(options.registry, { onRequest: registryRequestRecorder(metrics, trustedHosts) }),
    prepare(client) {
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
      const job: RepoJob = { octokit: runtime.prepare(octokit), repo, app, log, now: options.now(), tagSource: tagSource ?? runtime.newTagSource(repo.owner), metrics, queues: runtime.queues, memo: createJobMemo(), commitFiles: runtime.commitFiles };
      if (options.sleep !== undefined) job.sleep = options.sleep;
      return job;
    },
  };
  return runtime;
}

/** Registry hosts the operator named (mirrors, credentials, allowed private hosts): metrics keep their names. */
function operatorHosts(registry: RegistrySettings): string[] {
  return [
    ...Object.keys(registry.mirrors),
    ...Object.keys(registry.credentials),
    ...Object.values(registry.ownerCredentials ?? {}).flatMap((hosts) => Object.keys(hosts)),
    ...(registry.allowPrivateRegistries ?? []),
  ];
}
