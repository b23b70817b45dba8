// Repository read endpoints: repo, contents (JSON or raw), trees, branches,
// compare, commits and blobs.
import { flattenTree, lookupPath, readCommit } from './git-objects.ts';
import { repoJson } from './shapes-basic.ts';
import { branchJson, diffCommits, filesJson, restCommitJson, treeJson } from './shapes-git.ts';
import { commitsBetween, mergeBase } from './git-objects.ts';
import { fail, json, notFound, paginate, repoRoute } from './http-kit.ts';
import type { RepoContext, Reply, RouteTable } from './http-kit.ts';
import { branchSha, resolveCommit, resolveCommitish } from './repo-ops.ts';

function wantsRaw(ctx: RepoContext): boolean {
  return /application\/vnd\.github(\.v3)?\.raw/i.test(String(ctx.headers.accept ?? ''));
}

function contentEntry(ctx: RepoContext, path: string, type: string, sha: string, size: number, ref: string): Record<string, unknown> {
  const { owner, name } = ctx.repo;
  const api = `${ctx.shapes.api}/repos/${owner}/${name}`;
  const html = `${ctx.shapes.web}/${owner}/${name}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${path}`;
  const gitUrl = `${api}/git/${type === 'dir' ? 'trees' : 'blobs'}/${sha}`;
  return {
    type,
    size,
    name: path.split('/').pop() ?? path,
    path,
    sha,
    url: `${api}/contents/${path}?ref=${ref}`,
    git_url: gitUrl,
    html_url: html,
    download_url: type === 'file' ? `${ctx.shapes.web}/${owner}/${name}/raw/${ref}/${path}` : null,
    _links: { self: `${api}/contents/${path}?ref=${ref}`, git: gitUrl, html },
  };
}

function getContents(ctx: RepoContext): Reply {
  const ref = ctx.query.get('ref') ?? ctx.repo.defaultBranch;
  const commit = resolveCommit(ctx.repo, ref);
  if (!commit) return notFound(`No commit found for the ref ${ref}`);
  const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
  const entry = lookupPath(ctx.repo.git, commit.tree, path);
  if (!entry) return notFound();
  const obj = ctx.repo.git.objects.get(entry.sha);
  if (obj?.type === 'tree') {
    const items = obj.entries.map((e) => {
      const o = ctx.repo.git.objects.get(e.sha);
      const type = e.type === 'tree' ? 'dir' : e.type === 'commit' ? 'submodule' : 'file';
      return contentEntry(ctx, path ? `${path}/${e.name}` : e.name, type, e.sha, o?.type === 'blob' ? o.content.length : 0, ref);
    });
    return json(200, items);
  }
  if (obj?.type !== 'blob') return notFound();
  if (wantsRaw(ctx)) return { status: 200, raw: obj.content, contentType: 'application/vnd.github.raw; charset=utf-8' };
  // As GitHub: files over 1 MB come without their content (read them raw or through the blob API).
  if (obj.content.length > 1024 * 1024) return json(200, { ...contentEntry(ctx, path, 'file', entry.sha, obj.content.length, ref), content: '', encoding: 'none' });
  const b64 = obj.content.toString('base64').replace(/.{60}/g, '$&\n');
  return json(200, { ...contentEntry(ctx, path, 'file', entry.sha, obj.content.length, ref), content: b64.endsWith('\n') ? b64 : `${b64}\n`, encoding: 'base64' });
}

function getTree(ctx: RepoContext): Reply {
  const ref = ctx.params.tree_sha ?? '';
  const direct = ctx.repo.git.objects.get(ref);
  const treeSha = direct?.type === 'tree' ? ref : resolveCommit(ctx.repo, ref)?.tree;
  if (!treeSha) return notFound();
  const recursive = ctx.query.has('recursive') && !['0', 'false', ''].includes(ctx.query.get('recursive') ?? '');
  return json(200, treeJson(ctx.shapes, ctx.repo, treeSha, recursive));
}

function getBranch(ctx: RepoContext): Reply {
  const branch = ctx.params.branch ?? '';
  const sha = branchSha(ctx.repo, branch);
  const commit = sha ? readCommit(ctx.repo.git, sha) : undefined;
  return commit ? json(200, branchJson(ctx.shapes, ctx.repo, branch, commit)) : notFound('Branch not found');
}

function stripOwner(ref: string): string {
  const colon = ref.indexOf(':');
  return colon >= 0 ? ref.slice(colon + 1) : ref;
}

function compare(ctx: RepoContext): Reply {
  const basehead = ctx.params.basehead ?? '';
  const sep = basehead.includes('...') ? '...' : '..';
  const [baseRef = '', headRef = ''] = basehead.split(sep);
  const base = resolveCommitish(ctx.repo, stripOwner(baseRef));
  const head = resolveCommitish(ctx.repo, stripOwner(headRef));
  if (!base || !head) return notFound();
  const mb = mergeBase(ctx.repo.git, base, head);
  const ahead = mb ? commitsBetween(ctx.repo.git, base, head) : [];
  const behind = mb ? commitsBetween(ctx.repo.git, head, base) : [];
  const status = base === head ? 'identical' : behind.length === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
  const files = diffCommits(ctx.repo, mb ?? undefined, head);
  const api = `${ctx.shapes.api}/repos/${ctx.repo.owner}/${ctx.repo.name}`;
  const web = `${ctx.shapes.web}/${ctx.repo.owner}/${ctx.repo.name}`;
  const baseCommit = readCommit(ctx.repo.git, base);
  const mbCommit = mb ? readCommit(ctx.repo.git, mb) : undefined;
  const { page } = paginate(ctx, ahead);
  return json(200, {
    url: `${api}/compare/${basehead}`,
    html_url: `${web}/compare/${basehead}`,
    permalink_url: `${web}/compare/${ctx.repo.owner}:${base}...${ctx.repo.owner}:${head}`,
    diff_url: `${web}/compare/${basehead}.diff`,
    patch_url: `${web}/compare/${basehead}.patch`,
    base_commit: baseCommit ? restCommitJson(ctx.shapes, ctx.repo, baseCommit, false) : null,
    merge_base_commit: mbCommit ? restCommitJson(ctx.shapes, ctx.repo, mbCommit, false) : null,
    status,
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    commits: page.map((c) => restCommitJson(ctx.shapes, ctx.repo, c, false)),
    files: filesJson(ctx.shapes, ctx.repo, head, files),
  });
}

function listCommits(ctx: RepoContext): Reply {
  const ref = ctx.query.get('sha') ?? ctx.repo.defaultBranch;
  const start = resolveCommitish(ctx.repo, ref);
  if (!start) return notFound();
  const path = ctx.query.get('path')?.replace(/^\/+/, '');
  const author = ctx.query.get('author')?.toLowerCase();
  const all = commitsBetween(ctx.repo.git, '', start).reverse();
  const filtered = all.filter((c) => {
    if (author && c.authorAccount?.login.toLowerCase() !== author && c.author.email.toLowerCase() !== author) return false;
    if (!path) return true;
    const parent = c.parents[0] ? readCommit(ctx.repo.git, c.parents[0]) : undefined;
    const now = flattenTree(ctx.repo.git, c.tree);
    const before = parent ? flattenTree(ctx.repo.git, parent.tree) : new Map();
    const changed = (m: Map<string, { sha: string }>): string[] => [...m.keys()].filter((p) => p === path || p.startsWith(`${path}/`));
    return [...new Set([...changed(now), ...changed(before)])].some((p) => now.get(p)?.sha !== before.get(p)?.sha);
  });
  const { page, headers } = paginate(ctx, filtered);
  return json(200, page.map((c) => restCommitJson(ctx.shapes, ctx.repo, c, false)), headers);
}

function getCommit(ctx: RepoContext): Reply {
  const ref = ctx.params.ref ?? '';
  const commit = resolveCommit(ctx.repo, ref);
  if (!commit) return fail(422, `No commit found for SHA: ${ref}`);
  if (/application\/vnd\.github(\.v3)?\.sha/i.test(String(ctx.headers.accept ?? ''))) {
    return { status: 200, raw: commit.sha, contentType: 'application/vnd.github.sha; charset=utf-8' };
  }
  return json(200, restCommitJson(ctx.shapes, ctx.repo, commit, true));
}

/** Registers repository read endpoints. */
export function registerRepoRoutes(table: RouteTable): void {
  repoRoute(table, 'GET /repos/{owner}/{repo}', (ctx) => json(200, { ...repoJson(ctx.shapes, ctx.repo), permissions: { admin: false, maintain: false, push: true, triage: true, pull: true }, network_count: 0, subscribers_count: 0 }));
  repoRoute(table, 'GET /repos/{owner}/{repo}/contents/{path}', getContents);
  repoRoute(table, 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}', getTree);
  repoRoute(table, 'GET /repos/{owner}/{repo}/branches/{branch}', getBranch);
  repoRoute(table, 'GET /repos/{owner}/{repo}/compare/{basehead}', compare);
  repoRoute(table, 'GET /repos/{owner}/{repo}/commits', listCommits);
  repoRoute(table, 'GET /repos/{owner}/{repo}/commits/{ref}', getCommit);
  repoRoute(table, 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}', (ctx) => {
    const blob = ctx.repo.git.objects.get(ctx.params.file_sha ?? '');
    if (blob?.type !== 'blob') return notFound();
    const url = `${ctx.shapes.api}/repos/${ctx.repo.owner}/${ctx.repo.name}/git/blobs/${blob.sha}`;
    return json(200, { sha: blob.sha, node_id: `B_${blob.sha.slice(0, 12)}`, size: blob.content.length, url, content: blob.content.toString('base64'), encoding: 'base64' });
  });
}
