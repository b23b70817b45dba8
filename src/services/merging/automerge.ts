// Optional `automerge: true`: a pass step that merges each open bump PR whose scan passed on
// its current head, under exactly the rules of the `merge` command (command-merge.ts). PRs
// not ready yet are left for a later pass, silently; GitHub refusals are logged, not retried.
import { readBumpMarker } from '../../core/markers/bump-marker.ts';
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import { attemptMerge } from './merge-bump-pull.ts';
import type { MergeAttempt } from './merge-bump-pull.ts';
import { pullKey } from '../keyed-queue.ts';
import { forgetOpenBumpPulls, listOpenBumpPulls, readConfigState } from '../bumps/read-repo-snapshot.ts';
import type { RepoJob, RepoStep } from '../repo-job.ts';

function outcomeOf(attempt: MergeAttempt): 'done' | 'noop' | 'refused' | 'failed' {
  switch (attempt.kind) {
    case 'merged':
      return 'done';
    case 'already-merged':
    case 'closed':
    case 'not-ours':
      return 'noop';
    case 'refused-by-github':
      return attempt.reason === 'other' ? 'failed' : 'refused';
    default:
      return 'refused';
  }
}

/** Merges PR `number` when automerge is on and its scan passed; for the pass and after a scan. */
export async function automergePull(job: RepoJob, config: FreshpinConfig, number: number): Promise<MergeAttempt | undefined> {
  if (!config.automerge) return undefined;
  const attempt = await job.queues.pulls.run(pullKey(job.repo, number), () => attemptMerge(job, number, config.mergeMethod));
  if (attempt.kind === 'merged') forgetOpenBumpPulls(job);
  const outcome = outcomeOf(attempt);
  job.metrics?.commands.inc({ command: 'automerge', outcome });
  if (attempt.kind === 'merged' || attempt.kind === 'refused-by-github') {
    job.log.info({ actor: job.app.botLogin, pull: number, command: 'automerge', outcome, attempt: attempt.kind }, 'command');
  }
  return attempt;
}

/** The pass step: every open bump PR of the repository, when its config says `automerge: true`. */
export function automergeStep(): RepoStep {
  return async (job) => {
    const state = await readConfigState(job);
    if (state.kind !== 'ok' || !state.config.automerge) return;
    const pulls = await listOpenBumpPulls(job, state.config.branchPrefix);
    for (const pull of pulls) {
      if (readBumpMarker(pull.body) === undefined) continue;
      try {
        await automergePull(job, state.config, pull.number);
      } catch (error) {
        job.log.warn({ err: error, pull: pull.number }, 'automerge failed');
      }
    }
  };
}

/** With `automerge: true`, a passed scan merges the PR right away (under the `merge` command's rules) instead of at the next pass. */
export async function automergeAfterScan(job: RepoJob, config: FreshpinConfig, number: number): Promise<void> {
  try {
    await automergePull(job, config, number);
  } catch (error) {
    job.log.warn({ err: error }, 'automerge after the scan failed; the next pass tries again');
  }
}
