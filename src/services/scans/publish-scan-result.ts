// A completed scan run → its result on the bump PR: one comment (created once, then edited)
// and the `freshpin/scan` check run on the PR's head commit.
//
// Which runs count: the run must be in the same repository (never a fork's), on a bump
// branch under the config's `branchPrefix`, for the open bump PR's *current* head commit,
// and either be the run the app dispatched (its id is in the PR's bump marker) or a run of
// the configured workflow (`.github/workflows/<scan.workflow>`). `workflow_run.pull_requests`
// is never read: the PR is found by its head branch and checked against the head SHA.
//
// A run without results (failed, cancelled, or no readable artifact) still updates the
// comment (what happened, with a link) and concludes the check run `failure`: nothing was
// scanned, so the gate cannot pass, and `neutral` would count as passing for a required
// check. The check run is written before the comment: the comment's marker is the record
// that the run was reported, so a failure in between is redone by reconciliation. A passed
// scan is handed to `afterPassed` (the app wires automerge there, which does nothing unless
// the config says `automerge: true`).
import type { FreshpinConfig } from '../../core/config/config-schema.ts';
import { defaultConfig } from '../../core/config/parse-config.ts';
import type { BumpMarker } from '../../core/markers/bump-marker.ts';
import { readBumpMarker } from '../../core/markers/bump-marker.ts';
import { hasMarker } from '../../core/markers/markers.ts';
import { upsertCheckRun } from '../../github/check-runs.ts';
import { formatRepoRef } from '../../github/github-client.ts';
import { listComments, upsertMarkedComment } from '../../github/issues-and-comments.ts';
import type { UpsertAction } from '../../github/issues-and-comments.ts';
import { findOpenPullByBranch } from '../../github/pull-requests.ts';
import { pullKey } from '../keyed-queue.ts';
import { compareScan } from './publish-scan-compare.ts';
import type { ScanRun } from './publish-scan-compare.ts';
import { isAlreadyShown, readScanMarker, SCAN_CHECK_NAME, SCAN_MARKER_KIND } from '../../core/markers/scan-marker.ts';
import type { ScanVerdict } from '../../core/markers/scan-marker.ts';
import type { ReadScanOptions } from './read-scan-artifacts.ts';
import { readConfigState } from '../bumps/read-repo-snapshot.ts';
import type { RepoJob } from '../repo-job.ts';

export type { ScanRun } from './publish-scan-compare.ts';

/** An open bump PR, as the scan needs it. */
export interface ScanPull {
  number: number;
  headSha: string;
  headRef: string;
  baseRef: string;
  marker: BumpMarker;
}

/** How a publication is read, and what runs after a scan passed (the app wires automerge there). */
export interface PublishScanOptions extends ReadScanOptions {
  afterPassed?: (job: RepoJob, config: FreshpinConfig, pull: number) => Promise<void>;
}

export type ScanOutcome =
  | { kind: 'ignored'; reason: string }
  | { kind: 'shown' | 'newer-shown'; pull: number }
  | { kind: 'published'; pull: number; verdict: ScanVerdict; comment: UpsertAction; check: 'created' | 'updated' };

/** `.github/workflows/x.yml@refs/heads/main` → `.github/workflows/x.yml`. */
function workflowPath(path: string | undefined): string | undefined {
  return path?.split('@')[0];
}

/**
 * The checks that need no request: a completed run, from this repository (not a fork),
 * on a branch. Returns why the run is ignored, or undefined.
 */
export function screenScanRun(run: ScanRun, repoFullName: string): string | undefined {
  if (run.status !== null && run.status !== 'completed') return `the run is ${run.status}`;
  if (typeof run.headRepoFullName !== 'string' || run.headRepoFullName.toLowerCase() !== repoFullName.toLowerCase()) return 'the run is from another repository (a fork)';
  if (run.headBranch === null || run.headBranch === '') return 'the run is not on a branch';
  return undefined;
}

/** Handles a completed workflow run of the repository: publishes it on its bump PR when it counts. */
export async function handleScanRunCompleted(job: RepoJob, run: ScanRun, options: PublishScanOptions = {}): Promise<ScanOutcome> {
  const screened = screenScanRun(run, formatRepoRef(job.repo));
  if (screened !== undefined) return { kind: 'ignored', reason: screened };
  const state = await readConfigState(job);
  if (state.kind === 'invalid') return { kind: 'ignored', reason: 'the freshpin config is invalid' };
  const config = state.kind === 'ok' ? state.config : defaultConfig();
  const branch = run.headBranch ?? '';
  if (!branch.startsWith(config.branchPrefix)) return { kind: 'ignored', reason: 'not a bump branch' };
  const found = await findOpenPullByBranch(job.octokit, job.repo, job.repo.owner, branch);
  const marker = found?.authorLogin === job.app.botLogin ? readBumpMarker(found.body) : undefined;
  if (found === undefined || marker === undefined) return { kind: 'ignored', reason: 'no open bump PR for the branch' };
  if (found.headSha !== run.headSha) return { kind: 'ignored', reason: 'the run is for an older commit of the PR' };
  const dispatched = marker.runId === run.id;
  const configured = workflowPath(run.path) === `.github/workflows/${config.scan.workflow}`;
  if (!dispatched && !configured) return { kind: 'ignored', reason: 'not the configured scan workflow' };
  const pull: ScanPull = { number: found.number, headSha: found.headSha, headRef: found.headRef, baseRef: found.baseRef, marker };
  return publishScanResult(job, { config, pull, run }, options);
}

/**
 * Posts `run`'s result on `pull`: the check run, then the one scan comment (edited in place
 * when it exists). A run the comment already shows, or one older than the run it shows for
 * the same commit, is left alone.
 */
export async function publishScanResult(job: RepoJob, target: { config: FreshpinConfig; pull: ScanPull; run: ScanRun }, options: PublishScanOptions = {}): Promise<ScanOutcome> {
  const { config, pull, run } = target;
  const log = job.log.child({ pull: pull.number, run: run.id });
  // Publications of one PR run one after the other in this process (the runtime's scan queue).
  const outcome = await job.queues.scans.run(pullKey(job.repo, pull.number), async (): Promise<ScanOutcome> => {
    const comments = await listComments(job.octokit, job.repo, pull.number);
    const mine = comments.find((comment) => comment.authorLogin === job.app.botLogin && hasMarker(comment.body, SCAN_MARKER_KIND));
    const shown = isAlreadyShown(readScanMarker(mine?.body), run);
    if (shown !== undefined) {
      log.info({ shown }, 'scan already reported');
      return { kind: shown, pull: pull.number };
    }
    const publication = await compareScan({ ...job, log }, config, run, pull.baseRef, options);
    const check = await upsertCheckRun(job.octokit, job.repo, {
      name: SCAN_CHECK_NAME,
      headSha: run.headSha,
      status: 'completed',
      conclusion: publication.check.conclusion,
      title: publication.check.title,
      summary: publication.check.summary,
      externalId: `scan-run-${run.id}`,
      ...(/^https?:\/\//.test(run.htmlUrl) ? { detailsUrl: run.htmlUrl } : {}),
      ...(job.app.id === undefined ? {} : { appId: job.app.id }),
    });
    const comment = await upsertMarkedComment(job.octokit, job.repo, pull.number, { markerKind: SCAN_MARKER_KIND, body: publication.comment, appLogin: job.app.botLogin });
    job.metrics?.scansReported.inc({ outcome: publication.expired ? 'expired' : publication.verdict });
    log.info({ verdict: publication.verdict, expired: publication.expired, comment: comment.action, check: check.action, sha: run.headSha }, 'scan reported');
    return { kind: 'published', pull: pull.number, verdict: publication.verdict, comment: comment.action, check: check.action };
  });
  if (outcome.kind === 'published' && outcome.verdict === 'success') await options.afterPassed?.({ ...job, log }, config, pull.number);
  return outcome;
}
