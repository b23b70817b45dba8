// Whether the freshpin scan covers a PR's current head and passed: the `freshpin/scan`
// check run on that exact commit (the app's own) is authoritative. When there is none, the
// scan comment's marker and the dispatch recorded in the PR's marker tell "never scanned"
// from "the head moved since the scan".
import { inlineCode } from '../../core/render/escape-markdown.ts';
import type { BumpMarker } from '../../core/markers/bump-marker.ts';
import { listCheckRuns } from '../../github/check-runs.ts';
import { listComments } from '../../github/issues-and-comments.ts';
import { SCAN_CHECK_NAME, readScanMarker } from '../../core/markers/scan-marker.ts';
import type { RepoJob } from '../repo-job.ts';

export type ScanState =
  | { kind: 'passed'; sha: string }
  | { kind: 'failed'; sha: string; conclusion: string }
  | { kind: 'running'; sha: string }
  /** Dispatched on this head, no check run yet. */
  | { kind: 'pending'; sha: string; runId?: number }
  /** The last scan covered another commit. */
  | { kind: 'stale'; sha: string; scannedSha: string }
  | { kind: 'none'; sha: string };

/** The SHA of the commit the app's scan comment shows, if there is one. */
async function scannedShaFromComment(job: RepoJob, number: number): Promise<string | undefined> {
  const comments = await listComments(job.octokit, job.repo, number);
  for (const comment of comments.reverse()) {
    if (comment.authorLogin !== job.app.botLogin) continue;
    const marker = readScanMarker(comment.body);
    if (marker !== undefined) return marker.headSha;
  }
  return undefined;
}

/** The scan state of the PR's head commit `headSha`. */
export async function readScanState(job: RepoJob, pull: { number: number; headSha: string }, marker: BumpMarker): Promise<ScanState> {
  const sha = pull.headSha;
  const runs = await listCheckRuns(job.octokit, job.repo, sha, { checkName: SCAN_CHECK_NAME });
  const run = runs.find((candidate) => candidate.name === SCAN_CHECK_NAME && candidate.headSha === sha && candidate.appSlug === job.app.slug);
  if (run !== undefined) {
    if (run.status !== 'completed') return { kind: 'running', sha };
    return run.conclusion === 'success' ? { kind: 'passed', sha } : { kind: 'failed', sha, conclusion: run.conclusion ?? 'unknown' };
  }
  if (marker.dispatchedSha === sha) return marker.runId === undefined ? { kind: 'pending', sha } : { kind: 'pending', sha, runId: marker.runId };
  const scannedSha = (await scannedShaFromComment(job, pull.number)) ?? marker.dispatchedSha;
  if (scannedSha !== undefined && scannedSha !== sha) return { kind: 'stale', sha, scannedSha };
  return { kind: 'none', sha };
}

function short(sha: string): string {
  return inlineCode(sha.slice(0, 12));
}

/** Why the scan does not allow merging, as a sentence ending with what to do. */
export function explainScanState(state: Exclude<ScanState, { kind: 'passed' }>, slug: string, failOn: string): string {
  const rescan = `comment \`/${slug} rescan\` to scan it`;
  switch (state.kind) {
    case 'failed':
      return `the \`${SCAN_CHECK_NAME}\` check on the head commit ${short(state.sha)} concluded ${inlineCode(state.conclusion)} (the gate fails on ${inlineCode(failOn)} findings or worse). Fix the findings, or ${rescan} again.`;
    case 'running':
      return `the \`${SCAN_CHECK_NAME}\` check on the head commit ${short(state.sha)} has not finished yet. Try again once it has.`;
    case 'pending':
      return `the scan of the head commit ${short(state.sha)}${state.runId === undefined ? '' : ` (run ${state.runId})`} has not reported yet. Try again once the \`${SCAN_CHECK_NAME}\` check is there, or ${rescan} again.`;
    case 'stale':
      return `the head changed since the scan: the scan covered ${short(state.scannedSha)}, the head is now ${short(state.sha)}; ${rescan}.`;
    case 'none':
      return `no freshpin scan has run on the head commit ${short(state.sha)} yet; ${rescan}.`;
  }
}
