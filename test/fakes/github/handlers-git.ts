// Git data endpoints: refs, blobs, trees and commits. Commits made with an
// installation token and no author are authored by the app's bot and verified.
import { flattenTree, readCommit, writeBlob, writeCommit, writeFlatTree } from './git-objects.ts';
import type { FlatEntry, GitSignature } from './git-objects.ts';
import { botActor, botEmail, isoNow } from './fake-state.ts';
import { gitCommitJson, refJson, treeJson } from './shapes-git.ts';
import { fail, json, noContent, notFound, repoRoute, str } from './http-kit.ts';
import type { RepoContext, Reply, RouteTable } from './http-kit.ts';
import { deleteRef, isAncestor, setRef } from './repo-ops.ts';

function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

function getRef(ctx: RepoContext): Reply {
  const ref = fullRef(ctx.params.ref ?? '');
  const sha = ctx.repo.refs.get(ref);
  return sha ? json(200, refJson(ctx.shapes, ctx.repo, ref, sha)) : notFound();
}

function createRef(ctx: RepoContext): Reply {
  const ref = str(ctx.body, 'ref') ?? '';
  const sha = str(ctx.body, 'sha') ?? '';
  if (!/^refs\/[^/]+\/.+/.test(ref)) return fail(422, 'Reference name is not valid');
  if (!readCommit(ctx.repo.git, sha)) return fail(422, 'Object does not exist');
  if (ctx.repo.refs.has(ref)) return fail(422, 'Reference already exists');
  setRef(ctx.repo, ref, sha);
  return json(201, refJson(ctx.shapes, ctx.repo, ref, sha), { location: `${ctx.shapes.api}/repos/${ctx.repo.owner}/${ctx.repo.name}/git/${ref}` });
}

function updateRef(ctx: RepoContext): Reply {
  const ref = fullRef(ctx.params.ref ?? '');
  const sha = str(ctx.body, 'sha') ?? '';
  const current = ctx.repo.refs.get(ref);
  if (!current) return fail(422, 'Reference does not exist');
  if (!readCommit(ctx.repo.git, sha)) return fail(422, 'Object does not exist');
  if (ctx.body.force !== true && !isAncestor(ctx.repo, current, sha)) return fail(422, 'Update is not a fast forward');
  setRef(ctx.repo, ref, sha);
  return json(200, refJson(ctx.shapes, ctx.repo, ref, sha));
}

function removeRef(ctx: RepoContext): Reply {
  const ref = fullRef(ctx.params.ref ?? '');
  if (ref === `refs/heads/${ctx.repo.defaultBranch}`) return fail(422, 'Cannot delete the default branch');
  return deleteRef(ctx.repo, ref) ? noContent() : fail(422, 'Reference does not exist');
}

function createBlob(ctx: RepoContext): Reply {
  const content = str(ctx.body, 'content') ?? '';
  const encoding = str(ctx.body, 'encoding') ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'base64') return fail(422, `encoding must be utf-8 or base64`);
  const sha = writeBlob(ctx.repo.git, Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
  return json(201, { url: `${ctx.shapes.api}/repos/${ctx.repo.owner}/${ctx.repo.name}/git/blobs/${sha}`, sha });
}

interface TreeItem {
  path?: string;
  mode?: string;
  type?: string;
  sha?: string | null;
  content?: string;
}

function createTree(ctx: RepoContext): Reply {
  const git = ctx.repo.git;
  const baseTree = str(ctx.body, 'base_tree');
  if (baseTree !== undefined && git.objects.get(baseTree)?.type !== 'tree') return fail(422, 'Invalid tree info', { errors: [`base_tree ${baseTree} is not a valid tree oid`] });
  const flat = new Map<string, FlatEntry>(baseTree ? flattenTree(git, baseTree) : []);
  for (const item of (ctx.body.tree as TreeItem[] | undefined) ?? []) {
    const path = (item.path ?? '').replace(/^\/+/, '');
    const hasSha = 'sha' in item;
    if (hasSha && item.content !== undefined) return fail(422, 'Must supply either tree.sha or tree.content. Request will be rejected if both are present.');
    if (item.sha === null) {
      flat.delete(path);
      for (const p of [...flat.keys()]) if (p.startsWith(`${path}/`)) flat.delete(p);
      continue;
    }
    const mode = item.mode ?? '100644';
    if (item.content !== undefined) {
      flat.set(path, { mode, type: 'blob', sha: writeBlob(git, Buffer.from(item.content)) });
    } else if (item.type === 'tree' || mode === '040000') {
      const sub = git.objects.get(item.sha ?? '');
      if (sub?.type !== 'tree') return fail(422, 'Invalid tree info', { errors: [`tree.sha ${item.sha} is not a valid tree`] });
      for (const p of [...flat.keys()]) if (p.startsWith(`${path}/`)) flat.delete(p);
      for (const [p, e] of flattenTree(git, sub.sha)) flat.set(`${path}/${p}`, e);
    } else if (item.type === 'commit') {
      flat.set(path, { mode: '160000', type: 'commit', sha: item.sha ?? '' });
    } else {
      if (git.objects.get(item.sha ?? '')?.type !== 'blob') return fail(422, 'Invalid tree info', { errors: [`tree.sha ${item.sha} is not a valid blob`] });
      flat.set(path, { mode, type: 'blob', sha: item.sha ?? '' });
    }
  }
  const sha = writeFlatTree(git, flat);
  return json(201, treeJson(ctx.shapes, ctx.repo, sha, false));
}

function signature(value: unknown, fallback: GitSignature): GitSignature {
  if (!value || typeof value !== 'object') return fallback;
  const v = value as Record<string, unknown>;
  return { name: String(v.name ?? fallback.name), email: String(v.email ?? fallback.email), date: typeof v.date === 'string' ? v.date : fallback.date };
}

function createCommit(ctx: RepoContext): Reply {
  const git = ctx.repo.git;
  const tree = str(ctx.body, 'tree') ?? '';
  const parents = ((ctx.body.parents as string[] | undefined) ?? []).map(String);
  if (git.objects.get(tree)?.type !== 'tree') return fail(422, 'Tree SHA does not exist');
  if (parents.some((p) => !readCommit(git, p))) return fail(422, 'Parent SHA does not exist or is not a commit object');
  const now = isoNow();
  const bot = botActor(ctx.state);
  const botSig: GitSignature = { name: bot.login, email: botEmail(ctx.state), date: now };
  const author = signature(ctx.body.author, botSig);
  const committer = signature(ctx.body.committer, author);
  const isBot = (s: GitSignature): boolean => s.email === botSig.email;
  const commit = writeCommit(git, {
    tree,
    parents,
    message: str(ctx.body, 'message') ?? '',
    author,
    committer,
    authorAccount: isBot(author) ? bot : null,
    committerAccount: isBot(committer) ? bot : null,
    verified: ctx.body.committer === undefined && isBot(author) && typeof ctx.body.signature !== 'string',
  });
  return json(201, gitCommitJson(ctx.shapes, ctx.repo, commit), { location: `${ctx.shapes.api}/repos/${ctx.repo.owner}/${ctx.repo.name}/git/commits/${commit.sha}` });
}

/** Registers git data endpoints. */
export function registerGitRoutes(table: RouteTable): void {
  repoRoute(table, 'GET /repos/{owner}/{repo}/git/ref/{ref}', getRef);
  repoRoute(table, 'GET /repos/{owner}/{repo}/git/matching-refs/{ref}', (ctx) => {
    const prefix = fullRef(ctx.params.ref ?? '');
    const refs = [...ctx.repo.refs].filter(([r]) => r.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
    return json(200, refs.map(([r, sha]) => refJson(ctx.shapes, ctx.repo, r, sha)));
  });
  repoRoute(table, 'POST /repos/{owner}/{repo}/git/refs', createRef);
  repoRoute(table, 'PATCH /repos/{owner}/{repo}/git/refs/{ref}', updateRef);
  repoRoute(table, 'DELETE /repos/{owner}/{repo}/git/refs/{ref}', removeRef);
  repoRoute(table, 'POST /repos/{owner}/{repo}/git/blobs', createBlob);
  repoRoute(table, 'POST /repos/{owner}/{repo}/git/trees', createTree);
  repoRoute(table, 'POST /repos/{owner}/{repo}/git/commits', createCommit);
  repoRoute(table, 'GET /repos/{owner}/{repo}/git/commits/{commit_sha}', (ctx) => {
    const c = readCommit(ctx.repo.git, ctx.params.commit_sha ?? '');
    return c ? json(200, gitCommitJson(ctx.shapes, ctx.repo, c)) : notFound();
  });
}
