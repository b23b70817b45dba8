// Pull-request endpoints: list, create, get, update, commits, merge and
// review requests. PRs share the issue number space.
import { nextId, isoNow } from './fake-state.ts';
import type { IssueRecord } from './fake-state.ts';
import { pullJson } from './shapes-issues.ts';
import { restCommitJson } from './shapes-git.ts';
import { fail, intParam, json, notFound, paginate, repoRoute, str, validationFailed } from './http-kit.ts';
import type { RepoContext, Reply, RouteTable } from './http-kit.ts';
import { branchSha } from './repo-ops.ts';
import { mergeability, performMerge, pullCommits } from './pull-ops.ts';

function branchOf(ref: string): string {
  const colon = ref.indexOf(':');
  return colon >= 0 ? ref.slice(colon + 1) : ref;
}

function findPull(ctx: RepoContext): IssueRecord | undefined {
  const issue = ctx.repo.issues.get(intParam(ctx, 'pull_number') ?? -1);
  return issue?.pull ? issue : undefined;
}

function listPulls(ctx: RepoContext): Reply {
  const state = ctx.query.get('state') ?? 'open';
  const head = ctx.query.get('head');
  const base = ctx.query.get('base');
  const headOwner = head?.includes(':') ? head.slice(0, head.indexOf(':')).toLowerCase() : undefined;
  const sort = ctx.query.get('sort') ?? 'created';
  const direction = ctx.query.get('direction') ?? (sort === 'created' ? 'desc' : 'asc');
  let pulls = [...ctx.repo.issues.values()].filter((i) => i.pull && (state === 'all' || i.state === state));
  if (head) {
    pulls = headOwner && headOwner !== ctx.repo.owner.toLowerCase() ? [] : pulls.filter((i) => i.pull?.headRef === branchOf(head));
  }
  if (base) pulls = pulls.filter((i) => i.pull?.baseRef === base);
  const key = (i: IssueRecord): string => (sort === 'updated' ? i.updatedAt : i.createdAt);
  pulls.sort((a, b) => (key(a) === key(b) ? a.number - b.number : key(a) < key(b) ? -1 : 1));
  if (direction === 'desc') pulls.reverse();
  const { page, headers } = paginate(ctx, pulls);
  return json(200, page.map((i) => pullJson(ctx.shapes, ctx.repo, i, false)), headers);
}

function createPull(ctx: RepoContext): Reply {
  const headRef = branchOf(str(ctx.body, 'head') ?? '');
  const baseRef = str(ctx.body, 'base') ?? '';
  const headSha = branchSha(ctx.repo, headRef);
  const baseSha = branchSha(ctx.repo, baseRef);
  if (!headSha) return validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
  if (!baseSha) return validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  const existing = [...ctx.repo.issues.values()].find((i) => i.pull && i.state === 'open' && i.pull.headRef === headRef && i.pull.baseRef === baseRef);
  if (existing) return validationFailed([{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${ctx.repo.owner}:${headRef}.` }]);
  const title = str(ctx.body, 'title');
  if (title === undefined && ctx.body.issue === undefined) return validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
  const now = isoNow();
  const issue: IssueRecord = {
    id: nextId(ctx.state),
    pullId: nextId(ctx.state),
    number: ctx.repo.nextNumber++,
    title: title ?? '',
    body: str(ctx.body, 'body') ?? null,
    state: 'open',
    stateReason: null,
    labels: [],
    assignees: [],
    user: ctx.actor,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    commentCount: 0,
    pull: {
      headRef,
      baseRef,
      headSha,
      draft: ctx.body.draft === true,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      requestedReviewers: [],
      maintainerCanModify: ctx.body.maintainer_can_modify !== false,
    },
  };
  if (pullCommits(ctx.repo, issue).length === 0) {
    ctx.repo.nextNumber--;
    return validationFailed([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${baseRef} and ${headRef}` }]);
  }
  ctx.repo.issues.set(issue.number, issue);
  const out = pullJson(ctx.shapes, ctx.repo, issue, true);
  return json(201, out, { location: String(out.url) });
}

function updatePull(ctx: RepoContext): Reply {
  const issue = findPull(ctx);
  if (!issue?.pull) return notFound();
  const title = str(ctx.body, 'title');
  const body = ctx.body.body;
  const state = str(ctx.body, 'state');
  const base = str(ctx.body, 'base');
  if (base !== undefined) {
    if (!branchSha(ctx.repo, base)) return validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    issue.pull.baseRef = base;
  }
  if (title !== undefined) issue.title = title;
  if (typeof body === 'string' || body === null) issue.body = body;
  if (state !== undefined && state !== issue.state) {
    if (issue.pull.merged) return validationFailed([{ resource: 'PullRequest', code: 'custom', message: 'Cannot change the state of a merged pull request' }]);
    issue.state = state === 'closed' ? 'closed' : 'open';
    issue.closedAt = state === 'closed' ? isoNow() : null;
    if (state === 'open') issue.pull.headSha = branchSha(ctx.repo, issue.pull.headRef) ?? issue.pull.headSha;
  }
  if (typeof ctx.body.maintainer_can_modify === 'boolean') issue.pull.maintainerCanModify = ctx.body.maintainer_can_modify;
  issue.updatedAt = isoNow();
  return json(200, pullJson(ctx.shapes, ctx.repo, issue, true));
}

function mergePull(ctx: RepoContext): Reply {
  const issue = findPull(ctx);
  if (!issue?.pull) return notFound();
  if (issue.pull.merged || issue.state === 'closed') return fail(405, 'Pull Request is not mergeable');
  const sha = str(ctx.body, 'sha');
  if (sha !== undefined && sha !== issue.pull.headSha) return fail(409, 'Head branch was modified. Review and try the merge again.');
  if (mergeability(ctx.repo, issue).mergeable !== true) return fail(405, 'Pull Request is not mergeable');
  const method = (str(ctx.body, 'merge_method') ?? 'merge') as 'merge' | 'squash' | 'rebase';
  const commit = performMerge(ctx.state, ctx.repo, issue, { method, title: str(ctx.body, 'commit_title'), message: str(ctx.body, 'commit_message'), mergedBy: ctx.actor });
  if (!commit) return fail(405, 'Pull Request is not mergeable');
  return json(200, { sha: commit.sha, merged: true, message: 'Pull Request successfully merged' });
}

function requestReviewers(ctx: RepoContext): Reply {
  const issue = findPull(ctx);
  if (!issue?.pull) return notFound();
  const reviewers = ((ctx.body.reviewers as string[] | undefined) ?? []).map(String);
  const bad = reviewers.filter((r) => {
    const p = ctx.repo.permissions.get(r.toLowerCase());
    return p === undefined || p === 'none' || r.toLowerCase() === issue.user.login.toLowerCase();
  });
  if (bad.length > 0) {
    return fail(422, `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${ctx.repo.owner}/${ctx.repo.name} repository.`);
  }
  for (const r of reviewers) if (!issue.pull.requestedReviewers.includes(r)) issue.pull.requestedReviewers.push(r);
  issue.updatedAt = isoNow();
  return json(201, pullJson(ctx.shapes, ctx.repo, issue, false));
}

/** Registers pull-request endpoints. */
export function registerPullRoutes(table: RouteTable): void {
  repoRoute(table, 'GET /repos/{owner}/{repo}/pulls', listPulls);
  repoRoute(table, 'POST /repos/{owner}/{repo}/pulls', createPull);
  repoRoute(table, 'GET /repos/{owner}/{repo}/pulls/{pull_number}', (ctx) => {
    const issue = findPull(ctx);
    return issue ? json(200, pullJson(ctx.shapes, ctx.repo, issue, true)) : notFound();
  });
  repoRoute(table, 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}', updatePull);
  repoRoute(table, 'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', (ctx) => {
    const issue = findPull(ctx);
    if (!issue) return notFound();
    const { page, headers } = paginate(ctx, pullCommits(ctx.repo, issue));
    return json(200, page.map((c) => restCommitJson(ctx.shapes, ctx.repo, c, false)), headers);
  });
  repoRoute(table, 'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', mergePull);
  repoRoute(table, 'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', requestReviewers);
}
