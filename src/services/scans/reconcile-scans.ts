// The pass step that makes a missed `workflow_run` webhook lose nothing: for every open bump
// PR, the newest scan run of its current head commit is found (listing the workflow's runs
// for the commit; the run the app dispatched, from the PR's marker, when the listing has
// none) and posted once completed, unless the comment already shows it. Runs still going
// are left to their webhook or the next pass.
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import { readBumpMarker } from '../../core/markers/bump-marker.ts';
import { isGitHubError } from '../../github/github-errors.ts';
import { noteRevisit } from '../../index/job-observations.ts';
import { getWorkflowRun, listRunsForHeadSha } from '../../github/workflows.ts';
import type { WorkflowRun } from '../../github/workflows.ts';
import type { PublishScanOptions, ScanOutcome, ScanPull, ScanRun } from './publish-scan-result.ts';
import { publishScanResult } from './publish-scan-result.ts';
import { listOpenBumpPulls, readConfigState } from '../bumps/read-repo-snapshot.ts';
import type { RepoJob, RepoStep } from '../repo-job.ts';

/** Events whose runs can only come from this repository (a fork's runs are `pull_request*`). */
const SAME_REPOSITORY_EVENTS = new Set(['workflow_dispatch', 'push']);

export interface ReconcileSummary {
  pulls: number;
  published: number;
  failed: number;
}

function toScanRun(run: WorkflowRun): ScanRun {
  return {
    id: run.id,
    ...(run.runAttempt === undefined ? {} : { runAttempt: run.runAttempt }),
    headSha: run.headSha,
    headBranch: run.headBranch,
    status: run.status,
    conclusion: run.conclusion,
    htmlUrl: run.htmlUrl,
    event: run.event,
  };
}

/**
 * The run whose result the PR should show: the newest run of the scan workflow on the PR's
 * head commit that the app dispatched (the marker's run) or that ran on the bump branch
 * from this repository. Undefined while none exists or the newest is still going. When
 * the listing holds no such run (the workflow file was renamed since), the marker's run
 * is read directly.
 */
export async function findScanRunForPull(job: RepoJob, config: FreshpinConfig, pull: ScanPull): Promise<ScanRun | undefined> {
  const { runId, dispatchedSha } = pull.marker;
  const runs = await listRunsForHeadSha(job.octokit, job.repo, pull.headSha, { workflow: config.scan.workflow });
  let newest: WorkflowRun | undefined = runs
    .filter((run) => run.headSha === pull.headSha && (run.id === runId || (run.headBranch === pull.headRef && SAME_REPOSITORY_EVENTS.has(run.event))))
    .sort((a, b) => b.id - a.id)[0];
  if (newest === undefined && runId !== undefined && dispatchedSha === pull.headSha) {
    const run = await getWorkflowRun(job.octokit, job.repo, runId);
    if (run?.headSha === pull.headSha) newest = run;
  }
  return newest?.status === 'completed' ? toScanRun(newest) : undefined;
}

/** Re-checks every open bump PR of the repository; one PR's failure does not stop the others. */
export async function reconcileScans(job: RepoJob, options: PublishScanOptions = {}): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { pulls: 0, published: 0, failed: 0 };
  const state = await readConfigState(job);
  if (state.kind !== 'ok') return summary;
  const { config } = state;
  const pulls = await listOpenBumpPulls(job, config.branchPrefix);
  for (const found of pulls) {
    const marker = readBumpMarker(found.body);
    if (marker === undefined) continue;
    summary.pulls += 1;
    const pull: ScanPull = { number: found.number, headSha: found.headSha, headRef: found.headRef, baseRef: found.baseRef, marker };
    try {
      const run = await findScanRunForPull(job, config, pull);
      if (run === undefined) {
        // Still going: its webhook normally posts it; if that is missed, an incremental pass comes back within a day.
        noteRevisit(job);
        continue;
      }
      const outcome: ScanOutcome = await publishScanResult(job, { config, pull, run }, options);
      if (outcome.kind === 'published') {
        summary.published += 1;
        job.log.info({ pull: pull.number, run: run.id }, 'reconciliation posted a missed scan result');
      }
    } catch (error) {
      if (!isGitHubError(error)) throw error;
      summary.failed += 1;
      job.log.warn({ pull: pull.number, err: error }, 'scan reconciliation failed for a PR');
    }
  }
  return summary;
}

/** The pass step: posts scan results whose workflow_run webhook was missed. */
export function reconcileScansStep(options: PublishScanOptions = {}): RepoStep {
  return async (job) => {
    const summary = await reconcileScans(job, options);
    if (summary.published > 0 || summary.failed > 0) job.log.info({ scans: summary }, 'scan reconciliation');
  };
}
