// One repository's step of a pass: the check with its retries, the extra steps, the index
// record. The in-process pass (embedded engine) calls it for each repository it draws; on
// Redis each repository is a `repository` job and its handler calls it, on whichever replica
// takes the job. Every step is idempotent (deterministic branches, PR adoption on 422,
// marker-keyed comments), so a try, or a job handed on from a killed replica, may start over.
import { getRepository } from '../../github/read-repository.ts';
import { isGitHubError, isGitHubFailure } from '../../github/github-errors.ts';
import { observeJob, recordingTagSource } from '../../index/job-observations.ts';
import type { ListedRepo, RepoEntry, RepositoryIndex } from '../../index/repository-index.ts';
import type { Metrics } from '../../ops/metrics.ts';
import { withRetries } from '../../queue/retry-policy.ts';
import type { BackoffOptions } from '../../queue/retry-policy.ts';
import { checkRepository } from '../bumps/check-repository.ts';
import type { KnownRepository } from '../bumps/read-repo-snapshot.ts';
import { recordRepository } from '../bumps/record-repository.ts';
import { createJobMemo } from '../repo-job.ts';
import type { RepoJob, RepoStep } from '../repo-job.ts';

/** A repository a pass selected: what its check needs besides the client (plain data, so it can be a job's). */
export interface RepoCheck {
  installationId: number;
  repo: ListedRepo;
  /** The index's entry, when the incremental selection read one. */
  entry?: RepoEntry;
  mode: 'full' | 'incremental';
}

/** `checked` (whatever it found), `gone` (deleted or transferred since the listing), `failed` (after its tries). */
export type RepoCheckOutcome = 'checked' | 'gone' | 'failed';

export interface CheckOneDeps {
  metrics: Metrics;
  index: RepositoryIndex;
  signal: AbortSignal;
  extraSteps: readonly RepoStep[];
  attempts: number;
  backoff: BackoffOptions;
}

/**
 * True when a job failed because the repository itself is no longer reachable (a 404 on a
 * branch reads as "no commit" first): one request, only after a failure, tells.
 */
async function goneDuringPass(job: RepoJob, error: unknown): Promise<boolean> {
  if (isGitHubError(error) && !isGitHubFailure(error, 'not-found')) return false;
  try {
    await getRepository(job.octokit, job.repo);
    return false;
  } catch (again) {
    return isGitHubFailure(again, 'not-found');
  }
}

/** Checks one repository: retries transient failures, runs the extra steps, records what it saw in the index. */
export async function checkOneRepository(deps: CheckOneDeps, job: RepoJob, check: RepoCheck): Promise<RepoCheckOutcome> {
  const known: KnownRepository | undefined = check.repo.defaultBranch === undefined ? undefined : { defaultBranch: check.repo.defaultBranch, archived: check.repo.archived };
  // What the job sees becomes the repository's index entry; an incremental job may trust the
  // index's dashboard hash (a full pass reads the dashboard, as the safety net it is).
  const observation = observeJob(job, check.mode === 'incremental' && check.entry?.dashboard !== undefined ? { dashboard: check.entry.dashboard } : undefined);
  job.tagSource = recordingTagSource(job.tagSource, observation);
  try {
    const outcome = await withRetries(
      async (attempt) => {
        // A retry reads afresh: nothing remembered from the failed try.
        if (attempt > 1) job.memo = createJobMemo();
        const checked = await checkRepository(job, known);
        for (const step of deps.extraSteps) await step(job);
        return checked;
      },
      {
        attempts: deps.attempts,
        backoff: deps.backoff,
        signal: deps.signal,
        onRetry: (error, attempt, delayMs) => {
          deps.metrics.repositoriesChecked.inc({ outcome: 'retried' });
          job.log.warn({ err: error, attempt, retryInSeconds: Math.round(delayMs / 100) / 10 }, 'repository check will be retried');
        },
      },
    );
    if (check.repo.nodeId !== '') await recordRepository(deps.index, job, check.repo, check.installationId);
    deps.metrics.repositoriesChecked.inc({ outcome: outcome.kind });
    job.log.info({ outcome }, 'repository checked');
    return 'checked';
  } catch (error) {
    await deps.index.forgetRepo(job.repo.owner, job.repo.repo).catch(() => undefined);
    if (await goneDuringPass(job, error)) {
      // Deleted or transferred away since the installation was listed: nothing to check.
      await deps.index.forgetListing(check.installationId).catch(() => undefined);
      deps.metrics.repositoriesChecked.inc({ outcome: 'gone' });
      job.log.info('repository gone since the installation was listed (deleted or transferred); skipped');
      return 'gone';
    }
    deps.metrics.repositoriesChecked.inc({ outcome: 'error' });
    job.log.error({ err: error }, 'repository check failed');
    return 'failed';
  }
}
