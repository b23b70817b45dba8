// Repository operations shared by handlers and the control API: resolving
// refs, committing file changes, moving refs (with GitHub's side effects).
import { flattenTree, readCommit, writeBlob, writeCommit, writeFlatTree } from './git-objects.ts';
import type { FlatEntry, GitAccount, GitCommit, GitSignature } from './git-objects.ts';
import { isoNow } from './fake-state.ts';
import type { Repo } from './fake-state.ts';

/** Resolves a branch, tag, `heads/x`, `refs/...` or (abbreviated) sha to a commit sha. */
export function resolveCommitish(repo: Repo, ref: string): string | undefined {
  if (/^[0-9a-f]{40}$/i.test(ref)) return readCommit(repo.git, ref.toLowerCase()) ? ref.toLowerCase() : undefined;
  const candidates = ref.startsWith('refs/') ? [ref] : [`refs/heads/${ref}`, `refs/tags/${ref}`, `refs/${ref}`];
  for (const c of candidates) {
    const sha = repo.refs.get(c);
    if (sha) return sha;
  }
  if (/^[0-9a-f]{7,39}$/i.test(ref)) {
    for (const [sha, o] of repo.git.objects) if (o.type === 'commit' && sha.startsWith(ref.toLowerCase())) return sha;
  }
  return undefined;
}

/** The head commit sha of a branch, or undefined. */
export function branchSha(repo: Repo, branch: string): string | undefined {
  return repo.refs.get(`refs/heads/${branch.replace(/^refs\/heads\//, '')}`);
}

/** The commit a ref resolves to, or undefined. */
export function resolveCommit(repo: Repo, ref: string): GitCommit | undefined {
  const sha = resolveCommitish(repo, ref);
  return sha ? readCommit(repo.git, sha) : undefined;
}

/** Who makes a commit with `commitFiles`. */
export interface CommitIdentity {
  author: Omit<GitSignature, 'date'>;
  authorAccount: GitAccount | null;
  verified: boolean;
}

/**
 * Applies file changes (`null` deletes) on top of `parent` (or an empty tree)
 * and writes a commit; does not move any ref.
 */
export function commitFiles(repo: Repo, parent: string | undefined, files: Record<string, string | Uint8Array | null>, message: string, who: CommitIdentity): GitCommit {
  const parentCommit = parent ? readCommit(repo.git, parent) : undefined;
  const flat = new Map<string, FlatEntry>(parentCommit ? flattenTree(repo.git, parentCommit.tree) : []);
  for (const [path, content] of Object.entries(files)) {
    const clean = path.replace(/^\/+/, '');
    if (content === null) {
      flat.delete(clean);
      for (const p of [...flat.keys()]) if (p.startsWith(`${clean}/`)) flat.delete(p);
    } else {
      flat.set(clean, { mode: '100644', type: 'blob', sha: writeBlob(repo.git, Buffer.from(content)) });
    }
  }
  const date = isoNow();
  const sig = { ...who.author, date };
  return writeCommit(repo.git, {
    tree: writeFlatTree(repo.git, flat),
    parents: parentCommit ? [parentCommit.sha] : [],
    message,
    author: sig,
    committer: sig,
    authorAccount: who.authorAccount,
    committerAccount: who.authorAccount,
    verified: who.verified,
  });
}

/** Points a ref at a sha (creating it), updating open PR heads that track it. */
export function setRef(repo: Repo, ref: string, sha: string): void {
  repo.refs.set(ref, sha);
  repo.pushedAt = isoNow();
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  if (branch === undefined) return;
  for (const issue of repo.issues.values()) {
    if (issue.pull && issue.state === 'open' && issue.pull.headRef === branch) {
      issue.pull.headSha = sha;
      issue.updatedAt = isoNow();
    }
  }
}

/** Deletes a ref; open PRs whose head branch it was are closed, as on GitHub. */
export function deleteRef(repo: Repo, ref: string): boolean {
  if (!repo.refs.delete(ref)) return false;
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  if (branch === undefined) return true;
  const now = isoNow();
  for (const issue of repo.issues.values()) {
    if (issue.pull && issue.state === 'open' && issue.pull.headRef === branch) {
      issue.state = 'closed';
      issue.closedAt = now;
      issue.updatedAt = now;
    }
  }
  return true;
}

/** Whether `ancestor` is reachable from `descendant`. */
export function isAncestor(repo: Repo, ancestor: string, descendant: string): boolean {
  const stack = [descendant];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const s = stack.pop() ?? '';
    if (s === ancestor) return true;
    if (seen.has(s)) continue;
    seen.add(s);
    const c = readCommit(repo.git, s);
    if (c) stack.push(...c.parents);
  }
  return false;
}

/** The text of a file at a commit, or undefined. */
export function readFileAt(repo: Repo, commitSha: string, path: string): Buffer | undefined {
  const c = readCommit(repo.git, commitSha);
  if (!c) return undefined;
  const entry = flattenTree(repo.git, c.tree).get(path.replace(/^\/+/, ''));
  const blob = entry ? repo.git.objects.get(entry.sha) : undefined;
  return blob?.type === 'blob' ? blob.content : undefined;
}
