// Each installation's GitHub rate-limit budget during a pass: read before the pass
// (`GET /rate_limit`, which costs nothing), kept current from every answer's `x-ratelimit-*`
// headers, and guarded: a pass never takes an installation below a reserve (default 20 % of
// its limit) kept for webhooks and commands. At the reserve, the pass pauses that installation
// until GitHub's reset time. The budget per installation is exported on /metrics.
import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { GitHubClient } from '../../github/github-client.ts';
import { readRateLimit } from '../../github/read-rate-limit.ts';
import type { RateResource, RateWindow } from '../../github/read-rate-limit.ts';

export type { RateResource, RateWindow } from '../../github/read-rate-limit.ts';

export interface RateBudgetOptions {
  /** Fraction of each limit a pass leaves alone (0–0.9). */
  reserve: number;
  /** Headroom for requests already in flight when the reserve is reached (default 50). */
  margin?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Where the per-installation gauges register (the app's metrics registry). */
  registry?: Registry;
}

/** Reads the budget of one answer's headers (undefined when they say nothing usable). */
export function windowFromHeaders(headers: Record<string, unknown>): { resource: RateResource; window: RateWindow } | undefined {
  const limit = Number(headers['x-ratelimit-limit']);
  const remaining = Number(headers['x-ratelimit-remaining']);
  const reset = Number(headers['x-ratelimit-reset']);
  if (![limit, remaining, reset].every(Number.isFinite)) return undefined;
  const resource = headers['x-ratelimit-resource'] === 'graphql' ? 'graphql' : headers['x-ratelimit-resource'] === undefined || headers['x-ratelimit-resource'] === 'core' ? 'core' : undefined;
  return resource === undefined ? undefined : { resource, window: { limit, remaining, resetAt: reset * 1000 } };
}

export function createRateBudget(options: RateBudgetOptions) {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const margin = options.margin ?? 50;
  const windows = new Map<string, RateWindow>();
  const registers = options.registry === undefined ? [] : [options.registry];
  const remainingGauge = new Gauge({ name: 'freshpin_installation_rate_limit_remaining', help: 'GitHub rate-limit budget left per installation and resource (last seen)', labelNames: ['installation', 'resource'], registers });
  const limitGauge = new Gauge({ name: 'freshpin_installation_rate_limit', help: 'GitHub rate limit per installation and resource', labelNames: ['installation', 'resource'], registers });
  const reserveGauge = new Gauge({ name: 'freshpin_installation_rate_limit_reserve', help: 'Budget a pass leaves per installation and resource for webhooks and commands', labelNames: ['installation', 'resource'], registers });
  const lowest = new Map<string, number>();

  const key = (installationId: number, resource: RateResource) => `${installationId}:${resource}`;
  const reserveOf = (window: RateWindow) => Math.ceil(window.limit * options.reserve);

  function record(installationId: number, resource: RateResource, window: RateWindow): void {
    const k = key(installationId, resource);
    const known = windows.get(k);
    // Answers arrive out of order: within one window, the lowest remaining is the truth.
    const next = known !== undefined && known.resetAt === window.resetAt ? { ...window, remaining: Math.min(known.remaining, window.remaining) } : window;
    windows.set(k, next);
    lowest.set(k, Math.min(lowest.get(k) ?? Number.POSITIVE_INFINITY, next.remaining));
    const labels = { installation: String(installationId), resource };
    remainingGauge.set(labels, next.remaining);
    limitGauge.set(labels, next.limit);
    reserveGauge.set(labels, reserveOf(next));
  }

  return {
    reserve: options.reserve,
    /** Notes the budget an answer reports (a hook on the installation's client). */
    observe(installationId: number, headers: Record<string, unknown>): void {
      const seen = windowFromHeaders(headers);
      if (seen !== undefined) record(installationId, seen.resource, seen.window);
    },
    /** Reads the installation's budgets (`GET /rate_limit` costs nothing). */
    async refresh(installationId: number, client: GitHubClient): Promise<void> {
      const windows = await readRateLimit(client);
      for (const resource of ['core', 'graphql'] as const) {
        const window = windows[resource];
        if (window !== undefined) record(installationId, resource, window);
      }
    },
    window: (installationId: number, resource: RateResource) => windows.get(key(installationId, resource)),
    /** The lowest remaining budget seen since the runtime started, per `installation:resource`. */
    lowest: () => new Map(lowest),
    /** The reserve of a window, in requests (or points). */
    reserveOf,
    /** True while the installation is at its reserve (plus the margin) and its window has not reset yet. */
    atReserve(installationId: number, resource: RateResource): boolean {
      const window = windows.get(key(installationId, resource));
      return window !== undefined && window.remaining <= reserveOf(window) + margin && window.resetAt > now();
    },
    /**
     * Waits while the installation is at its reserve (plus the in-flight margin): until GitHub's
     * reset, in steps of at most 30 s so that a stop request is honoured. Resolves at once otherwise.
     */
    async waitForRoom(installationId: number, resource: RateResource, log: Logger, stopped: () => boolean): Promise<void> {
      let told = false;
      for (;;) {
        const window = windows.get(key(installationId, resource));
        if (window === undefined || stopped()) return;
        if (window.remaining > reserveOf(window) + margin) return;
        const wait = window.resetAt - now();
        if (wait <= 0) {
          // The window has reset: the next answer says how much there is.
          windows.set(key(installationId, resource), { ...window, remaining: window.limit, resetAt: window.resetAt + 3_600_000 });
          return;
        }
        if (!told) {
          log.warn({ installation: installationId, resource, remaining: window.remaining, reserve: reserveOf(window), resumeAt: new Date(window.resetAt).toISOString() }, 'rate-limit reserve reached; the pass pauses this installation until the reset');
          told = true;
        }
        await sleep(Math.min(wait + 1000, 30_000));
      }
    },
  };
}

export type RateBudget = ReturnType<typeof createRateBudget>;

const byRegistry = new WeakMap<Registry, RateBudget>();

/** The budget of an app instance (its gauges live in its metrics registry, registered once). */
export function rateBudgetFor(registry: Registry, options: Omit<RateBudgetOptions, 'registry'>): RateBudget {
  let budget = byRegistry.get(registry);
  if (budget === undefined) {
    budget = createRateBudget({ ...options, registry });
    byRegistry.set(registry, budget);
  }
  return budget;
}
