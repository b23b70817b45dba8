// Pull-request logic: mergeability (file-level three-way check, overridable
// by the test) and performing a merge as GitHub does.
import { commitsBetween, mergeBase, mergeTrees, readCommit, writeCommit, writeFlatTree } from './git-objects.ts';
import type { GitCommit } from './git-objects.ts';
import { botActor, botEmail, isoNow } from './fake-state.ts';
import type { Actor, FakeState, IssueRecord, Repo } from './fake-state.ts';
import { branchSha, deleteRef, setRef } from './repo-ops.ts';

/** Whether a PR can be merged, with GitHub's mergeable_state. */
export interface Mergeability {
  mergeable: boolean | null;
  state: 'clean' | 'dirty' | 'unknown' | 'blocked';
}

/** Computes mergeability; `fake.setMergeable` overrides it. */
export function mergeability(repo: Repo, issue: IssueRecord): Mergeability {
  const pull = issue.pull;
  if (!pull || pull.merged || issue.state === 'closed') return { mergeable: null, state: 'unknown' };
  const override = repo.mergeable.get(issue.number);
  if (override !== undefined) return { mergeable: override, state: override ? 'clean' : 'dirty' };
  const ok = mergedTree(repo, issue) !== null;
  return { mergeable: ok, state: ok ? 'clean' : 'dirty' };
}

function mergedTree(repo: Repo, issue: IssueRecord): string | null {
  const pull = issue.pull;
  const base = pull ? branchSha(repo, pull.baseRef) : undefined;
  if (!pull || !base) return null;
  const mb = mergeBase(repo.git, base, pull.headSha);
  const [bc, hc] = [readCommit(repo.git, base), readCommit(repo.git, pull.headSha)];
  const mbc = mb ? readCommit(repo.git, mb) : undefined;
  if (!bc || !hc) return null;
  const merged = mergeTrees(repo.git, mbc?.tree ?? writeFlatTree(repo.git, new Map()), bc.tree, hc.tree);
  return merged ? writeFlatTree(repo.git, merged) : null;
}

/** Commits a PR brings (head not reachable from base), oldest first. */
export function pullCommits(repo: Repo, issue: IssueRecord): GitCommit[] {
  const pull = issue.pull;
  if (!pull) return [];
  const base = branchSha(repo, pull.baseRef);
  if (pull.merged && pull.mergeCommitSha) {
    const mc = readCommit(repo.git, pull.mergeCommitSha);
    return mc?.parents[0] ? commitsBetween(repo.git, mc.parents[0], pull.headSha) : [];
  }
  return base ? commitsBetween(repo.git, base, pull.headSha) : [];
}

/** Merge request parameters. */
export interface MergeInput {
  method: 'merge' | 'squash' | 'rebase';
  title?: string;
  message?: string;
  mergedBy: Actor;
}

/** Merges a PR (caller checked state, sha guard, mergeability); returns the new base head. */
export function performMerge(state: FakeState, repo: Repo, issue: IssueRecord, input: MergeInput): GitCommit | null {
  const pull = issue.pull;
  const base = pull ? branchSha(repo, pull.baseRef) : undefined;
  const tree = mergedTree(repo, issue);
  if (!pull || !base || tree === null) return null;
  const now = isoNow();
  const head = readCommit(repo.git, pull.headSha);
  const mergerSig = input.mergedBy.type === 'Bot' && input.mergedBy.login === botActor(state).login
    ? { name: input.mergedBy.login, email: botEmail(state), date: now }
    : { name: input.mergedBy.login, email: `${input.mergedBy.login}@users.noreply.github.com`, date: now };
  const webFlow = { name: 'GitHub', email: 'noreply@github.com', date: now };
  const isMerge = input.method === 'merge';
  const title = input.title ?? (isMerge ? `Merge pull request #${issue.number} from ${repo.owner}/${pull.headRef}` : `${issue.title} (#${issue.number})`);
  const message = input.message !== undefined ? `${title}\n\n${input.message}` : isMerge ? `${title}\n\n${issue.title}` : title;
  const commit = writeCommit(repo.git, {
    tree,
    parents: isMerge ? [base, pull.headSha] : [base],
    message,
    author: input.method === 'rebase' && head ? head.author : mergerSig,
    committer: webFlow,
    authorAccount: input.method === 'rebase' && head ? head.authorAccount : input.mergedBy,
    committerAccount: { login: 'web-flow', type: 'User' },
    verified: true,
  });
  pull.merged = true;
  pull.mergedAt = now;
  pull.mergedBy = input.mergedBy;
  pull.mergeCommitSha = commit.sha;
  issue.state = 'closed';
  issue.closedAt = now;
  issue.updatedAt = now;
  setRef(repo, `refs/heads/${pull.baseRef}`, commit.sha);
  if (repo.deleteBranchOnMerge) deleteRef(repo, `refs/heads/${pull.headRef}`);
  return commit;
}
