// A pass over every installation and repository: the weekly schedule, `freshpin cycle`,
// and reconciliation. Passes never overlap; a stop request ends the pass after the
// repositories in flight. A few repositories are checked at once, drawn in order from one
// installation after another (GitHub's latency, not the CPU, bounds a pass; the throttle
// still serialises writes). One TagSource per pass, so registry requests don't grow with repos.
import type { Logger } from 'pino';
import type { AppRuntime } from '../app/app-runtime.ts';
import { listInstallationRepositories, listInstallations } from '../github/installations.ts';
import type { InstallationRepository } from '../github/installations.ts';
import type { GitHubClient } from '../github/github-client.ts';
import { checkRepository } from './check-repository.ts';
import type { KnownRepository } from './read-repo-snapshot.ts';
import type { RepoJob } from './repo-job.ts';

export interface PassSummary {
  installations: number;
  repositories: number;
  failed: number;
  stopped: boolean;
  seconds: number;
}

export interface PassHost {
  auth(installationId?: number): Promise<unknown>;
  log: Logger;
}

/** Extra per-repository work run after the bump check (e.g. scan reconciliation). */
export type RepoStep = (job: RepoJob) => Promise<void>;

export interface PassOptions {
  /** Repositories checked at once. Default 16 (the throttle still allows only 10 requests at once). */
  concurrency?: number;
}

export const DEFAULT_REPO_CONCURRENCY = 16;

/** One repository to check, with its installation's client and logger. */
interface RepoTask {
  octokit: unknown;
  log: Logger;
  repo: InstallationRepository;
}

export function createPassRunner(host: PassHost, runtime: AppRuntime, extraSteps: readonly RepoStep[] = [], options: PassOptions = {}) {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_REPO_CONCURRENCY);
  let current: Promise<PassSummary> | undefined;

  async function checkOne(job: RepoJob, summary: PassSummary, known?: KnownRepository): Promise<void> {
    try {
      const outcome = await checkRepository(job, known);
      for (const step of extraSteps) await step(job);
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
      let octokit: unknown;
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
      while (!runtime.stopRequested) {
        const next = await queue.next();
        if (next.done === true) {
          exhausted = true;
          return;
        }
        if (runtime.stopRequested) return;
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
    summary.stopped = runtime.stopRequested && !exhausted;
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
