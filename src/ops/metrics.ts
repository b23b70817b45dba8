// Prometheus metrics (prom-client), one registry per app instance so tests stay isolated.
import { createHash } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  const queueSource: { counts?: () => Promise<Record<string, number>> } = {};
  collectDefaultMetrics({ register: registry, prefix: 'freshpin_' });
  const metrics = {
    registry,
    passDuration: new Histogram({ name: 'freshpin_pass_duration_seconds', help: 'Duration of a full pass over every installation', buckets: [1, 5, 15, 30, 60, 120, 300, 900, 1800], registers: [registry] }),
    repositoriesChecked: new Counter({ name: 'freshpin_repositories_checked_total', help: 'Repositories checked, by outcome', labelNames: ['outcome'], registers: [registry] }),
    pullRequests: new Counter({ name: 'freshpin_pull_requests_total', help: 'Bump PRs opened, updated and closed', labelNames: ['action'], registers: [registry] }),
    scansReported: new Counter({ name: 'freshpin_scans_reported_total', help: 'Scan results posted to PRs, by outcome', labelNames: ['outcome'], registers: [registry] }),
    commands: new Counter({ name: 'freshpin_commands_total', help: 'PR comment commands, by command and outcome', labelNames: ['command', 'outcome'], registers: [registry] }),
    registryRequests: new Counter({ name: 'freshpin_registry_requests_total', help: 'Registry HTTP requests, by registry and status', labelNames: ['registry', 'status'], registers: [registry] }),
    registryRateLimited: new Counter({ name: 'freshpin_registry_rate_limited_total', help: 'Registry 429 answers, by registry', labelNames: ['registry'], registers: [registry] }),
    githubRateLimitRemaining: new Gauge({ name: 'freshpin_github_rate_limit_remaining', help: 'Last seen x-ratelimit-remaining from GitHub', registers: [registry] }),
    githubRequests: new Counter({ name: 'freshpin_github_requests_total', help: 'GitHub API requests, by method and whether they counted against the rate limit', labelNames: ['method', 'counted'], registers: [registry] }),
    webhookDeliveries: new Counter({ name: 'freshpin_webhook_deliveries_total', help: 'Webhook deliveries received, by event', labelNames: ['event'], registers: [registry] }),
    jobs: new Counter({ name: 'freshpin_jobs_total', help: 'Work queue job tries, by kind and outcome (completed, retried, failed)', labelNames: ['kind', 'outcome'], registers: [registry] }),
    jobDuration: new Histogram({ name: 'freshpin_job_duration_seconds', help: 'Duration of a work queue job try, by kind and outcome', labelNames: ['kind', 'outcome'], buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800], registers: [registry] }),
    queueJobs: new Gauge({
      name: 'freshpin_queue_jobs',
      help: 'Work queue jobs by state (waiting, active, delayed, failed, completed), across replicas with Redis',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const counts = await queueSource.counts?.().catch(() => undefined);
        if (counts === undefined) return;
        for (const [state, value] of Object.entries(counts)) this.set({ state }, value);
      },
    }),
    /** Where freshpin_queue_jobs reads its figures (the app's work queue). */
    setQueueSource(counts: () => Promise<Record<string, number>>): void {
      queueSource.counts = counts;
    },
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Public registries named as they are in the `registry` label. */
export const PUBLIC_REGISTRIES = ['docker.io', 'ghcr.io', 'quay.io', 'gcr.io', 'registry.k8s.io', 'mcr.microsoft.com', 'public.ecr.aws', 'registry.gitlab.com'];

/**
 * The `registry` label of a host. Public registries and those the operator configured (mirrors,
 * credentials) keep their name; any other host comes from a tenant's Dockerfile, so it is
 * neither shown to whoever reads the metrics nor allowed to grow the series without bound: it
 * becomes one of 256 buckets, `tenant-xx`, from a hash of the host.
 */
export function registryLabel(host: string, named: ReadonlySet<string>): string {
  const key = host.toLowerCase();
  if (named.has(key)) return key;
  return `tenant-${createHash('sha256').update(key).digest('hex').slice(0, 2)}`;
}

/** The registry onRequest hook that feeds the registry metrics; `configured` are the operator's own registry hosts. */
export function registryRequestRecorder(metrics: Metrics, configured: Iterable<string> = []) {
  const named = new Set([...PUBLIC_REGISTRIES, ...[...configured].map((host) => host.toLowerCase())]);
  return (event: { registry: string; status?: number }) => {
    const registry = registryLabel(event.registry, named);
    metrics.registryRequests.inc({ registry, status: String(event.status ?? 'network-error') });
    if (event.status === 429) metrics.registryRateLimited.inc({ registry });
  };
}
