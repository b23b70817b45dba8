// A pass over every installation and repository: the weekly schedule, `freshpin cycle`,
// and reconciliation. Passes never overlap; the runtime's stop signal ends the pass after the
// repositories in flight. A few repositories are checked at once, drawn in order from one
// installation after another (GitHub's latency, not the CPU, bounds a pass; the throttle
// still serialises writes). One TagSource per pass, so registry requests don't grow with repos.
import type { Logger } from 'pino';
import { listInstallationRepositories, listInstallations } from '../../github/installations.ts';
import type { AppIdentity, InstallationRepository } from '../../github/installations.ts';
import type { GitHubClient, RepoRef } from '../../github/github-client.ts';
import type { Metrics } from '../../ops/metrics.ts';
import type { TagSource } from '../../registry/tag-source.ts';
import { checkRepository } from '../bumps/check-repository.ts';
import type { KnownRepository } from '../bumps/read-repo-snapshot.ts';
import { createJobMemo } from '../repo-job.ts';
import type { RepoJob, RepoStep } from '../repo-job.ts';
import { withRetries, DEFAULT_BACKOFF } from '../../queue/retry-policy.ts';
import type { BackoffOptions } from '../../queue/retry-policy.ts';

export interface PassSummary {
  installations: number;
  repositories: number;
  failed: number;
  stopped: boolean;
  seconds: number;
}

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
}

export interface PassOptions {
  /** Repositories checked at once. Default 16 (the throttle still allows only 10 requests at once). */
  concurrency?: number;
  /** Tries per repository (default REPO_ATTEMPTS) and the backoff between them. */
  attempts?: number;
  backoff?: BackoffOptions;
}

export const DEFAULT_REPO_CONCURRENCY = 16;
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
  repo: InstallationRepository;
}

export function createPassRunner(host: PassHost, runtime: PassRuntime, extraSteps: readonly RepoStep[] = [], options: PassOptions = {}) {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_REPO_CONCURRENCY);
  let current: Promise<PassSummary> | undefined;

  async function checkOne(job: RepoJob, summary: PassSummary, known?: KnownRepository): Promise<void> {
    try {
      const outcome = await withRetries(
        async (attempt) => {
          // A retry reads afresh: nothing remembered from the failed try.
          if (attempt > 1) job.memo = createJobMemo();
          const checked = await checkRepository(job, known);
          for (const step of extraSteps) await step(job);
          return checked;
        },
        {
          attempts: options.attempts ?? REPO_ATTEMPTS,
          backoff: options.backoff ?? DEFAULT_BACKOFF,
          signal: runtime.signal,
          onRetry: (error, attempt, delayMs) => {
            runtime.metrics.repositoriesChecked.inc({ outcome: 'retried' });
            job.log.warn({ err: error, attempt, retryInSeconds: Math.round(delayMs / 100) / 10 }, 'repository check will be retried');
          },
        },
      );
      runtime.metrics.repositoriesChecked.inc({ outcome: outcome.kind });
      job.log.info({ outcome }, 'repository checked');
    } catch (error) {
      summary.failed += 1;
      runtime.metrics.repositoriesChecked.inc({ outcome: 'error' });
      job.log.error({ err: error }, 'repository check failed');
    }
  }

  /** Every repository of every installation, in order; an installation is listed when the previous one is drawn. */
  async function* tasks(summary: PassSummary, appClient: GitHubClient): AsyncGenerator<RepoTask> {
    for (const installation of await listInstallations(appClient)) {
      if (installation.suspended) continue;
      summary.installations += 1;
      const log = host.log.child({ installation: installation.id });
      let repos: InstallationRepository[];
      let octokit: GitHubClient;
      try {
        octokit = await host.auth(installation.id);
        repos = (await listInstallationRepositories(runtime.prepare(octokit))).filter((repo) => !repo.archived);
      } catch (error) {
        summary.failed += 1;
        log.error({ err: error }, 'installation could not be listed');
        continue;
      }
      for (const repo of repos) yield { octokit, log, repo };
    }
  }

  async function pass(): Promise<PassSummary> {
    const started = performance.now();
    const endTimer = runtime.metrics.passDuration.startTimer();
    const summary: PassSummary = { installations: 0, repositories: 0, failed: 0, stopped: false, seconds: 0 };
    const app = await runtime.identity(host);
    const tagSources = runtime.newTagSources();
    const appClient = runtime.prepare(await host.auth());
    // The workers draw from one queue: an async generator answers concurrent `next()` calls in turn.
    const queue = tasks(summary, appClient);
    let exhausted = false;
    const worker = async () => {
      while (!runtime.signal.aborted) {
        const next = await queue.next();
        if (next.done === true) {
          exhausted = true;
          return;
        }
        if (runtime.signal.aborted) return;
        const { octokit, log, repo } = next.value;
        summary.repositories += 1;
        const known = repo.defaultBranch === undefined ? undefined : { defaultBranch: repo.defaultBranch, archived: repo.archived };
        await checkOne(runtime.job(octokit, { owner: repo.owner, repo: repo.repo }, app, log.child({ repo: `${repo.owner}/${repo.repo}` }), tagSources(repo.owner)), summary, known);
      }
    };
    // Settled, not raced: a failing listing must not end the pass while repositories are in flight.
    const settled = await Promise.allSettled(Array.from({ length: concurrency }, worker));
    await queue.return(undefined);
    const failure = settled.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    summary.stopped = runtime.signal.aborted && !exhausted;
    endTimer();
    summary.seconds = Math.round((performance.now() - started) / 100) / 10;
    host.log.info({ summary }, 'pass finished');
    return summary;
  }

  return {
    /** Starts a pass unless one is running; resolves with its summary, or undefined when skipped. */
    async run(): Promise<PassSummary | undefined> {
      if (current !== undefined) {
        host.log.warn('a pass is still running; this one is skipped');
        return undefined;
      }
      current = pass();
      try {
        return await current;
      } finally {
        current = undefined;
      }
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
