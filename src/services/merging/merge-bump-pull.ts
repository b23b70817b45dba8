// Merging a bump PR, for the `merge` command and automerge alike: only the app's own PR,
// only when the `freshpin/scan` check passed on its current head, only when GitHub says it
// is mergeable, and with the merge API's `sha` guard set to that scanned head. One attempt,
// never retried: 405 (checks or reviews missing) and 409 (head moved) are explained.
import type { MergeMethod } from '../../github/pull-requests.ts';
import { getPull, mergePull } from '../../github/pull-requests.ts';
import { deleteBranch } from '../../github/write-bump-branch.ts';
import { readOwnBumpPull } from '../bumps/bump-pull-state.ts';
import type { ScanState } from '../scans/read-scan-state.ts';
import { readScanState } from '../scans/read-scan-state.ts';
import type { RepoJob } from '../repo-job.ts';

export type MergeAttempt =
  | { kind: 'merged'; sha: string; mergeSha: string }
  | { kind: 'already-merged' }
  | { kind: 'closed' }
  | { kind: 'not-ours' }
  | { kind: 'scan'; state: Exclude<ScanState, { kind: 'passed' }> }
  | { kind: 'not-mergeable'; mergeable: false | null }
  /** GitHub refused the one merge attempt: 405, 409 or anything else. */
  | { kind: 'refused-by-github'; reason: 'not-mergeable' | 'head-moved' | 'other'; message: string; sha: string };

/** Re-reads of a PR whose mergeability GitHub is still computing, a second apart. */
const MERGEABLE_POLLS = 2;

async function waitForMergeable(job: RepoJob, number: number, headSha: string, mergeable: boolean | null): Promise<{ mergeable: boolean | null } | { movedTo: string }> {
  let state = mergeable;
  const sleep = job.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let poll = 0; poll < MERGEABLE_POLLS && state === null; poll += 1) {
    await sleep(1000);
    const again = await getPull(job.octokit, job.repo, number);
    if (again.headSha !== headSha) return { movedTo: again.headSha };
    state = again.mergeable;
  }
  return { mergeable: state };
}

/** Tries to merge PR `number` with `method`, under every rule above. */
export async function attemptMerge(job: RepoJob, number: number, method: MergeMethod): Promise<MergeAttempt> {
  const own = await readOwnBumpPull(job, number);
  if (own === undefined) return { kind: 'not-ours' };
  const { pull, marker } = own;
  if (pull.merged) return { kind: 'already-merged' };
  if (pull.state !== 'open') return { kind: 'closed' };
  const scan = await readScanState(job, pull, marker);
  if (scan.kind !== 'passed') return { kind: 'scan', state: scan };
  const waited = await waitForMergeable(job, number, scan.sha, pull.mergeable);
  if ('movedTo' in waited) return { kind: 'scan', state: { kind: 'stale', sha: waited.movedTo, scannedSha: scan.sha } };
  if (waited.mergeable !== true) return { kind: 'not-mergeable', mergeable: waited.mergeable };
  const result = await mergePull(job.octokit, job.repo, number, { sha: scan.sha, method });
  if (result.merged) {
    await deleteBranch(job.octokit, job.repo, pull.headRef).catch((error: unknown) => job.log.warn({ err: error, pull: number }, 'could not delete the merged branch'));
    return { kind: 'merged', sha: scan.sha, mergeSha: result.sha };
  }
  if (result.reason === 'not-mergeable') {
    // A 405 may mean someone merged it a moment ago (another replica, a human).
    const after = await getPull(job.octokit, job.repo, number).catch(() => undefined);
    if (after?.merged === true) return { kind: 'already-merged' };
  }
  return { kind: 'refused-by-github', reason: result.reason, message: result.message, sha: scan.sha };
}
