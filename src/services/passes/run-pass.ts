// A pass over every installation and repository: the weekly schedule, `freshpin cycle`,
// and reconciliation. Passes never overlap; the runtime's stop signal ends the pass after the
// repositories in flight. A few repositories are checked at once, drawn in order from one
// installation after another (GitHub's latency, not the CPU, bounds a pass; the throttle
// still serialises writes). One TagSource per pass, so registry requests don't grow with repos.
import type { Logger } from 'pino';
import { listInstallationRepositories, listInstallations } from '../../github/installations.ts';
import type { AppIdentity, InstallationRepository } from '../../github/installations.ts';
import type { GitHubClient, RepoRef } from '../../github/github-client.ts';
import type { ListedRepo, RepoEntry, RepositoryIndex } from '../../index/repository-index.ts';
import type { Metrics } from '../../ops/metrics.ts';
import type { TagSource } from '../../registry/tag-source.ts';
import type { RepoJob, RepoStep } from '../repo-job.ts';
import { DEFAULT_BACKOFF } from '../../queue/retry-policy.ts';
import { ReleasedJobError } from '../../queue/work-queue.ts';
import type { BackoffOptions } from '../../queue/retry-policy.ts';
import { rateBudgetFor } from './rate-budget.ts';
import { selectChangedRepositories } from './select-changed-repositories.ts';
import type { FamilyFingerprints } from './select-changed-repositories.ts';
import { checkOneRepository } from './check-one-repository.ts';
import type { RepoCheck, RepoCheckOutcome } from './check-one-repository.ts';

export interface PassSummary {
  installations: number;
  repositories: number;
  failed: number;
  stopped: boolean;
  seconds: number;
  /** Incremental passes: repositories the probe found unchanged (no job, no REST request). */
  unchanged?: number;
  /** Incremental passes: GraphQL probe queries sent, and their point cost. */
  probes?: number;
  probeCost?: number;
}

/**
 * `full`: every repository gets a job (the weekly safety net; it rebuilds the index).
 * `incremental`: the registry step and the GraphQL change probe pick the repositories that need
 * one (see select-changed-repositories.ts); the installation listing comes from the index when
 * it has one.
 */
export type PassMode = 'full' | 'incremental';

/** Authenticates as the app (no id) or as an installation: Probot itself. */
export interface PassHost {
  auth(installationId?: number): Promise<GitHubClient>;
  log: Logger;
}

/** What a pass needs of the app's runtime (src/app/app-runtime.ts builds it). */
export interface PassRuntime {
  metrics: Metrics;
  identity(host: Pick<PassHost, 'auth'>): Promise<AppIdentity>;
  /** A fresh TagSource with the registry credentials in effect for `owner` (undefined: the all-owners ones). */
  newTagSource(owner?: string): TagSource;
  /** For one pass: a TagSource per owner, shared by owners with the same credentials. */
  newTagSources(): (owner: string) => TagSource;
  /** Installs the conditional cache and the request counter on a client, once. */
  prepare(client: GitHubClient): GitHubClient;
  job(client: GitHubClient, repo: RepoRef, identity: AppIdentity, log: Logger, tagSource?: TagSource): RepoJob;
  /** Aborted when the process stops: no repository is started after it. */
  signal: AbortSignal;
  /** What freshpin last saw of each repository (a cache: losing it costs requests, never correctness). */
  index: RepositoryIndex;
  now: () => Date;
}

export interface PassOptions {
  /** Fraction of each installation's rate limit a pass leaves to webhooks and commands (default 0.2). */
  rateReserve?: number;
  /** Requests kept above the reserve for jobs in flight (default: concurrency × 15). */
  rateMargin?: number;
  /** The budget's clock and sleep (tests). */
  rateClock?: { now: () => number; sleep: (ms: number) => Promise<void> };
  /** Repositories checked at once. Default 16 (the throttle still allows only 10 requests at once). */
  concurrency?: number;
  /** Tries per repository (default REPO_ATTEMPTS) and the backoff between them. */
  attempts?: number;
  backoff?: BackoffOptions;
}

export const DEFAULT_REPO_CONCURRENCY = 16;

/**
 * A pass whose repositories are jobs (Redis): `dispatch` queues one and resolves with its
 * outcome once a replica has worked it; `inFlight` bounds how many are queued at once.
 */
export interface PassFanOut {
  dispatch(check: RepoCheck): Promise<RepoCheckOutcome>;
  inFlight: number;
}
export const DEFAULT_RATE_RESERVE = 0.2;
/** About what a job that opens or updates a bump PR sends (reads and writes). */
const REQUESTS_PER_JOB = 15;

/** An incremental pass lists an installation's repositories again when the index's listing is older than this (webhooks keep it current meanwhile). */
export const LISTING_TTL_MS = 24 * 3_600_000;

/**
 * Tries of one repository within a pass, the first included: a transient failure (5xx,
 * secondary limit, timeout, reset) is retried after a backoff with jitter (or GitHub's
 * Retry-After) instead of waiting for the next pass. Every step is idempotent (deterministic
 * branches, PR adoption on 422, marker-keyed comments), so a try may start over.
 */
export const REPO_ATTEMPTS = 3;

/** One repository to check, with its installation's client and logger. */
interface RepoTask {
  octokit: GitHubClient;
  log: Logger;
  repo: ListedRepo;
  installationId: number;
  entry?: RepoEntry;
}

function toListed(repo: InstallationRepository): ListedRepo {
  return { nodeId: repo.nodeId ?? '', owner: repo.owner, repo: repo.repo, archived: repo.archived, ...(repo.defaultBranch === undefined ? {} : { defaultBranch: repo.defaultBranch }) };
}

export function createPassRunner(host: PassHost, runtime: PassRuntime, extraSteps: readonly RepoStep[] = [], options: PassOptions = {}) {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_REPO_CONCURRENCY);
  // Headroom for what is in flight when the reserve is reached: each worker's job may send a few dozen requests.
  const margin = options.rateMargin ?? concurrency * REQUESTS_PER_JOB;
  const budget = rateBudgetFor(runtime.metrics.registry, { reserve: options.rateReserve ?? DEFAULT_RATE_RESERVE, margin, ...(options.rateClock ?? {}) });
  const stopped = () => runtime.signal.aborted;
  let current: Promise<PassSummary> | undefined;

  const deps = { metrics: runtime.metrics, index: runtime.index, signal: runtime.signal, extraSteps, attempts: options.attempts ?? REPO_ATTEMPTS, backoff: options.backoff ?? DEFAULT_BACKOFF };
  // Repository jobs this process takes (Redis): one TagSource set per pass, as the in-process pass has.
  let jobSources: { pass: string; sources: (owner: string) => TagSource } | undefined;

  /** Every repository of every installation, in order; an installation is listed when the previous one is drawn. */
  async function* tasks(summary: PassSummary, appClient: GitHubClient, mode: PassMode, select: { appSlug: string; tagSources: (owner: string) => TagSource; families: FamilyFingerprints }): AsyncGenerator<RepoTask> {
    for (const installation of await listInstallations(appClient)) {
      if (installation.suspended) continue;
      summary.installations += 1;
      const log = host.log.child({ installation: installation.id });
      let due: Array<{ repo: ListedRepo; entry?: RepoEntry }>;
      let octokit: GitHubClient;
      try {
        octokit = await host.auth(installation.id);
        const client = runtime.prepare(octokit);
        // The installation's budget: read now (free), then from every answer; the pass keeps the reserve.
        const installationId = installation.id;
        client.hook.after('request', (response) => budget.observe(installationId, response.headers as Record<string, unknown>));
        await budget.refresh(installationId, client).catch((error: unknown) => log.warn({ err: error }, 'the rate-limit budget could not be read'));
        let listed = mode === 'incremental' ? await runtime.index.getListing(installation.id, runtime.now(), LISTING_TTL_MS) : undefined;
        if (listed === undefined) {
          listed = (await listInstallationRepositories(client)).map(toListed);
          await runtime.index.putListing(installation.id, listed, runtime.now());
        }
        if (mode === 'full') {
          due = listed.filter((repo) => !repo.archived).map((repo) => ({ repo }));
        } else {
          const selection = await selectChangedRepositories({ octokit: client, repos: listed, index: runtime.index, tagSource: select.tagSources(listed.find((repo) => repo.owner !== '')?.owner ?? ''), families: select.families, appSlug: select.appSlug, installationId: installation.id, now: runtime.now(), log, beforeProbe: () => budget.waitForRoom(installationId, 'graphql', log, stopped) });
          summary.unchanged = (summary.unchanged ?? 0) + selection.unchanged;
          summary.probes = (summary.probes ?? 0) + selection.probes;
          summary.probeCost = (summary.probeCost ?? 0) + selection.cost;
          const reasons: Record<string, number> = {};
          for (const item of selection.due) reasons[item.reason] = (reasons[item.reason] ?? 0) + 1;
          log.info({ repositories: listed.length, unchanged: selection.unchanged, gone: selection.gone, due: reasons, probes: selection.probes, graphqlCost: selection.cost, graphqlRemaining: selection.remaining }, 'change probe');
          due = selection.due;
        }
      } catch (error) {
        summary.failed += 1;
        log.error({ err: error }, 'installation could not be listed');
        continue;
      }
      for (const item of due) yield { octokit, log, repo: item.repo, installationId: installation.id, ...(item.entry === undefined ? {} : { entry: item.entry }) };
    }
  }

  async function pass(mode: PassMode, fanOut?: PassFanOut): Promise<PassSummary> {
    const started = performance.now();
    const endTimer = runtime.metrics.passDuration.startTimer();
    const summary: PassSummary = { installations: 0, repositories: 0, failed: 0, stopped: false, seconds: 0 };
    const app = await runtime.identity(host);
    const tagSources = runtime.newTagSources();
    const appClient = runtime.prepare(await host.auth());
    // The workers draw from one queue: an async generator answers concurrent `next()` calls in turn.
    const queue = tasks(summary, appClient, mode, { appSlug: app.slug, tagSources, families: new Map() });
    let exhausted = false;
    // Repositories of an installation at its rate-limit reserve wait here while the others go on;
    // they are taken up when every other repository has been drawn.
    const deferred: RepoTask[] = [];
    let drawn = false;
    const draw = async (): Promise<RepoTask | undefined> => {
      if (!drawn) {
        const next = await queue.next();
        if (next.done !== true) return next.value;
        drawn = true;
      }
      return deferred.shift();
    };
    const worker = async () => {
      while (!runtime.signal.aborted) {
        const task = await draw();
        if (task === undefined) {
          exhausted = true;
          return;
        }
        if (runtime.signal.aborted) return;
        if (!drawn && budget.atReserve(task.installationId, 'core')) {
          deferred.push(task);
          continue;
        }
        const { octokit, log, repo } = task;
        await budget.waitForRoom(task.installationId, 'core', log, stopped);
        if (runtime.signal.aborted) return;
        summary.repositories += 1;
        const check: RepoCheck = { installationId: task.installationId, repo, mode, ...(task.entry === undefined ? {} : { entry: task.entry }) };
        const outcome = fanOut === undefined ? await checkOneRepository(deps, runtime.job(octokit, { owner: repo.owner, repo: repo.repo }, app, log.child({ repo: `${repo.owner}/${repo.repo}` }), tagSources(repo.owner)), check) : await fanOut.dispatch(check);
        if (outcome === 'failed') summary.failed += 1;
      }
    };
    // Settled, not raced: a failing listing must not end the pass while repositories are in flight.
    const settled = await Promise.allSettled(Array.from({ length: fanOut === undefined ? concurrency : Math.max(1, fanOut.inFlight) }, worker));
    await queue.return(undefined);
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    summary.stopped = runtime.signal.aborted && !exhausted;
    endTimer();
    summary.seconds = Math.round((performance.now() - started) / 100) / 10;
    await runtime.index.store.flush();
    host.log.info({ summary, mode }, 'pass finished');
    return summary;
  }

  return {
    /** Starts a pass unless one is running; resolves with its summary, or undefined when skipped. */
    async run(options: { mode?: PassMode; fanOut?: PassFanOut } = {}): Promise<PassSummary | undefined> {
      if (current !== undefined) {
        host.log.warn('a pass is still running; this one is skipped');
        return undefined;
      }
      current = pass(options.mode ?? 'full', options.fanOut);
      try {
        return await current;
      } finally {
        current = undefined;
      }
    },
    /**
     * One repository of a pass another process (or this one) fanned out as a job: the same step
     * as the in-process pass, with this process's client, rate budget and TagSources (one set per
     * pass). A process that is stopping gives the job back unstarted.
     */
    async checkQueued(check: RepoCheck, passKey: string): Promise<RepoCheckOutcome> {
      const released = () => new ReleasedJobError('the process is stopping; the repository is left to another replica');
      if (stopped()) throw released();
      const app = await runtime.identity(host);
      const octokit = await host.auth(check.installationId);
      const client = runtime.prepare(octokit);
      client.hook.after('request', (response) => budget.observe(check.installationId, response.headers as Record<string, unknown>));
      const log = host.log.child({ installation: check.installationId, pass: passKey });
      await budget.waitForRoom(check.installationId, 'core', log, stopped);
      if (stopped()) throw released();
      if (jobSources?.pass !== passKey) jobSources = { pass: passKey, sources: runtime.newTagSources() };
      const { owner, repo } = check.repo;
      return checkOneRepository(deps, runtime.job(octokit, { owner, repo }, app, log.child({ repo: `${owner}/${repo}` }), jobSources.sources(owner)), check);
    },
    get running(): boolean {
      return current !== undefined;
    },
    /** Resolves when no pass is running. */
    async idle(): Promise<void> {
      await current?.catch(() => undefined);
    },
  };
}

export type PassRunner = ReturnType<typeof createPassRunner>;
