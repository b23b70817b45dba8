// JSON shapes of git data and commit-related REST responses.
import { structuredPatch } from 'diff';
import { flattenTree, readCommit } from './git-objects.ts';
import type { GitCommit, GitSignature } from './git-objects.ts';
import { nodeId, userJson } from './shapes-basic.ts';
import type { ShapeContext } from './shapes-basic.ts';
import type { Repo } from './fake-state.ts';

function repoApi(ctx: ShapeContext, repo: Repo): string {
  return `${ctx.api}/repos/${repo.owner}/${repo.name}`;
}

function verification(c: GitCommit): Record<string, unknown> {
  return c.verified
    ? { verified: true, reason: 'valid', signature: '-----BEGIN PGP SIGNATURE-----\nfake\n-----END PGP SIGNATURE-----', payload: `tree ${c.tree}\n`, verified_at: c.committer.date }
    : { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };
}

/** A git commit object (`/git/commits`). */
export function gitCommitJson(ctx: ShapeContext, repo: Repo, c: GitCommit): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  return {
    sha: c.sha,
    node_id: nodeId('C', c.seq),
    url: `${api}/git/commits/${c.sha}`,
    html_url: `${ctx.web}/${repo.owner}/${repo.name}/commit/${c.sha}`,
    author: c.author,
    committer: c.committer,
    tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/git/commits/${p}`, html_url: `${ctx.web}/${repo.owner}/${repo.name}/commit/${p}` })),
    verification: verification(c),
  };
}

/** A file change between two commits, as GitHub lists it. */
export interface FileChange {
  filename: string;
  status: 'added' | 'removed' | 'modified';
  sha: string;
  additions: number;
  deletions: number;
  changes: number;
  patch: string;
}

function blobText(repo: Repo, sha: string | undefined): string {
  const o = sha ? repo.git.objects.get(sha) : undefined;
  return o?.type === 'blob' ? o.content.toString('utf8') : '';
}

/** File-level diff between two commits (either may be undefined = empty tree). */
export function diffCommits(repo: Repo, from: string | undefined, to: string): FileChange[] {
  const fromCommit = from ? readCommit(repo.git, from) : undefined;
  const toCommit = readCommit(repo.git, to);
  const a = fromCommit ? flattenTree(repo.git, fromCommit.tree) : new Map();
  const b = toCommit ? flattenTree(repo.git, toCommit.tree) : new Map();
  const out: FileChange[] = [];
  for (const path of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const before = a.get(path)?.sha;
    const after = b.get(path)?.sha;
    if (before === after) continue;
    const p = structuredPatch(path, path, blobText(repo, before), blobText(repo, after), '', '', { context: 3 });
    let additions = 0;
    let deletions = 0;
    const lines: string[] = [];
    for (const h of p.hunks) {
      lines.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
      for (const l of h.lines) {
        if (l.startsWith('+')) additions++;
        else if (l.startsWith('-')) deletions++;
        lines.push(l);
      }
    }
    const status = before === undefined ? 'added' : after === undefined ? 'removed' : 'modified';
    out.push({ filename: path, status, sha: after ?? before ?? '', additions, deletions, changes: additions + deletions, patch: lines.join('\n') });
  }
  return out;
}

/** Files of a diff in REST form. */
export function filesJson(ctx: ShapeContext, repo: Repo, ref: string, files: FileChange[]): Array<Record<string, unknown>> {
  const api = repoApi(ctx, repo);
  return files.map((f) => ({
    sha: f.sha,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.changes,
    blob_url: `${ctx.web}/${repo.owner}/${repo.name}/blob/${ref}/${f.filename}`,
    raw_url: `${ctx.web}/${repo.owner}/${repo.name}/raw/${ref}/${f.filename}`,
    contents_url: `${api}/contents/${f.filename}?ref=${ref}`,
    patch: f.patch,
  }));
}

function account(ctx: ShapeContext, acc: GitCommit['authorAccount']): Record<string, unknown> | null {
  return acc ? userJson(ctx, acc) : null;
}

/** A REST commit object (`/commits`, `/commits/{ref}`); `withFiles` adds stats and files. */
export function restCommitJson(ctx: ShapeContext, repo: Repo, c: GitCommit, withFiles: boolean): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  const sig = (s: GitSignature): GitSignature => ({ name: s.name, email: s.email, date: s.date });
  const out: Record<string, unknown> = {
    sha: c.sha,
    node_id: nodeId('C', c.seq),
    commit: {
      author: sig(c.author),
      committer: sig(c.committer),
      message: c.message,
      tree: { sha: c.tree, url: `${api}/git/trees/${c.tree}` },
      url: `${api}/git/commits/${c.sha}`,
      comment_count: 0,
      verification: verification(c),
    },
    url: `${api}/commits/${c.sha}`,
    html_url: `${ctx.web}/${repo.owner}/${repo.name}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    author: account(ctx, c.authorAccount),
    committer: account(ctx, c.committerAccount),
    parents: c.parents.map((p) => ({ sha: p, url: `${api}/commits/${p}`, html_url: `${ctx.web}/${repo.owner}/${repo.name}/commit/${p}` })),
  };
  if (withFiles) {
    const files = diffCommits(repo, c.parents[0], c.sha);
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    out.stats = { total: additions + deletions, additions, deletions };
    out.files = filesJson(ctx, repo, c.sha, files);
  }
  return out;
}

/** A git reference object. */
export function refJson(ctx: ShapeContext, repo: Repo, ref: string, sha: string): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  return {
    ref,
    node_id: nodeId('REF', Buffer.from(ref).length),
    url: `${api}/git/${ref}`,
    object: { sha, type: 'commit', url: `${api}/git/commits/${sha}` },
  };
}

/** A tree object, optionally recursive. */
export function treeJson(ctx: ShapeContext, repo: Repo, treeSha: string, recursive: boolean): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  const entries: Array<Record<string, unknown>> = [];
  const walk = (sha: string, prefix: string): void => {
    const tree = repo.git.objects.get(sha);
    if (tree?.type !== 'tree') return;
    for (const e of tree.entries) {
      const blob = repo.git.objects.get(e.sha);
      const kind = e.type === 'tree' ? 'trees' : e.type === 'blob' ? 'blobs' : 'commits';
      entries.push({
        path: `${prefix}${e.name}`,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(blob?.type === 'blob' ? { size: blob.content.length } : {}),
        url: `${api}/git/${kind}/${e.sha}`,
      });
      if (recursive && e.type === 'tree') walk(e.sha, `${prefix}${e.name}/`);
    }
  };
  walk(treeSha, '');
  return { sha: treeSha, url: `${api}/git/trees/${treeSha}`, tree: entries, truncated: false };
}

/** A branch object (`/branches/{branch}`). */
export function branchJson(ctx: ShapeContext, repo: Repo, branch: string, c: GitCommit): Record<string, unknown> {
  const api = repoApi(ctx, repo);
  return {
    name: branch,
    commit: restCommitJson(ctx, repo, c, false),
    _links: { self: `${api}/branches/${branch}`, html: `${ctx.web}/${repo.owner}/${repo.name}/tree/${branch}` },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${api}/branches/${branch}/protection`,
  };
}
