// Issue endpoints: list/create/get/update issues, labels, assignees,
// comments and comment reactions. PRs are issues here too.
import { isoNow, nextId } from './fake-state.ts';
import type { IssueComment, IssueRecord, Repo } from './fake-state.ts';
import { commentJson, issueJson, reactionJson } from './shapes-issues.ts';
import { labelJson } from './shapes-basic.ts';
import { intParam, json, noContent, notFound, paginate, repoRoute, str, validationFailed } from './http-kit.ts';
import type { RepoContext, Reply, RouteTable } from './http-kit.ts';

/** Makes sure labels exist on the repo (GitHub creates missing ones) and returns their names. */
export function ensureLabels(ctx: { state: RepoContext['state'] }, repo: Repo, names: unknown[]): string[] {
  return names.map((n) => {
    const name = typeof n === 'string' ? n : String((n as { name?: unknown }).name ?? '');
    let label = repo.labels.get(name.toLowerCase());
    if (!label) repo.labels.set(name.toLowerCase(), (label = { id: nextId(ctx.state), name, color: 'ededed', description: null }));
    return label.name;
  });
}

function findIssue(ctx: RepoContext): IssueRecord | undefined {
  return ctx.repo.issues.get(intParam(ctx, 'issue_number') ?? -1);
}

function assignable(repo: Repo, logins: unknown[]): string[] {
  return logins.map(String).filter((l) => {
    const p = repo.permissions.get(l.toLowerCase());
    return p !== undefined && p !== 'none';
  });
}

function listIssues(ctx: RepoContext): Reply {
  const state = ctx.query.get('state') ?? 'open';
  const creator = ctx.query.get('creator')?.toLowerCase();
  const assignee = ctx.query.get('assignee')?.toLowerCase();
  const labels = (ctx.query.get('labels') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter((l) => l !== '');
  const since = ctx.query.get('since');
  const sort = ctx.query.get('sort') ?? 'created';
  const direction = ctx.query.get('direction') ?? 'desc';
  const issues = [...ctx.repo.issues.values()].filter((i) => {
    if (state !== 'all' && i.state !== state) return false;
    if (creator && i.user.login.toLowerCase() !== creator) return false;
    if (assignee === 'none' && i.assignees.length > 0) return false;
    if (assignee && assignee !== '*' && assignee !== 'none' && !i.assignees.some((a) => a.toLowerCase() === assignee)) return false;
    if (labels.some((l) => !i.labels.some((x) => x.toLowerCase() === l))) return false;
    return !since || i.updatedAt >= since;
  });
  const key = (i: IssueRecord): string => (sort === 'updated' ? i.updatedAt : i.createdAt);
  issues.sort((a, b) => (key(a) === key(b) ? a.number - b.number : key(a) < key(b) ? -1 : 1));
  if (direction === 'desc') issues.reverse();
  const { page, headers } = paginate(ctx, issues);
  return json(200, page.map((i) => issueJson(ctx.shapes, ctx.repo, i)), headers);
}

function createIssue(ctx: RepoContext): Reply {
  const title = ctx.body.title;
  if (title === undefined || title === null || title === '') return validationFailed([{ resource: 'Issue', field: 'title', code: 'missing_field' }]);
  const now = isoNow();
  const issue: IssueRecord = {
    id: nextId(ctx.state),
    pullId: 0,
    number: ctx.repo.nextNumber++,
    title: String(title),
    body: str(ctx.body, 'body') ?? null,
    state: 'open',
    stateReason: null,
    labels: ensureLabels(ctx, ctx.repo, (ctx.body.labels as unknown[] | undefined) ?? []),
    assignees: assignable(ctx.repo, [...((ctx.body.assignees as unknown[] | undefined) ?? []), ...(typeof ctx.body.assignee === 'string' ? [ctx.body.assignee] : [])]),
    user: ctx.actor,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    commentCount: 0,
  };
  ctx.repo.issues.set(issue.number, issue);
  const out = issueJson(ctx.shapes, ctx.repo, issue);
  return json(201, out, { location: String(out.url) });
}

function updateIssue(ctx: RepoContext): Reply {
  const issue = findIssue(ctx);
  if (!issue) return notFound();
  if (typeof ctx.body.title === 'string' || typeof ctx.body.title === 'number') issue.title = String(ctx.body.title);
  if (typeof ctx.body.body === 'string' || ctx.body.body === null) issue.body = ctx.body.body as string | null;
  const state = str(ctx.body, 'state');
  if (state !== undefined && state !== issue.state && !issue.pull?.merged) {
    issue.state = state === 'closed' ? 'closed' : 'open';
    issue.closedAt = state === 'closed' ? isoNow() : null;
    issue.stateReason = state === 'closed' ? (str(ctx.body, 'state_reason') ?? 'completed') : 'reopened';
  }
  if (Array.isArray(ctx.body.labels)) issue.labels = ensureLabels(ctx, ctx.repo, ctx.body.labels);
  if (Array.isArray(ctx.body.assignees)) issue.assignees = assignable(ctx.repo, ctx.body.assignees);
  issue.updatedAt = isoNow();
  return json(200, issueJson(ctx.shapes, ctx.repo, issue));
}

function addLabels(ctx: RepoContext): Reply {
  const issue = findIssue(ctx);
  if (!issue) return notFound();
  const raw = Array.isArray(ctx.body) ? (ctx.body as unknown[]) : ((ctx.body.labels as unknown[] | undefined) ?? []);
  for (const name of ensureLabels(ctx, ctx.repo, raw)) if (!issue.labels.some((l) => l.toLowerCase() === name.toLowerCase())) issue.labels.push(name);
  issue.updatedAt = isoNow();
  return json(200, issue.labels.flatMap((n) => {
    const l = ctx.repo.labels.get(n.toLowerCase());
    return l ? [labelJson(ctx.shapes, ctx.repo, l)] : [];
  }));
}

function addAssignees(ctx: RepoContext): Reply {
  const issue = findIssue(ctx);
  if (!issue) return notFound();
  for (const a of assignable(ctx.repo, (ctx.body.assignees as unknown[] | undefined) ?? [])) if (!issue.assignees.includes(a)) issue.assignees.push(a);
  issue.updatedAt = isoNow();
  return json(201, issueJson(ctx.shapes, ctx.repo, issue));
}

/** Adds a comment to an issue or PR (used by the endpoint and the control API). */
export function addComment(ctx: { state: RepoContext['state'] }, repo: Repo, issue: IssueRecord, body: string, user: IssueComment['user']): IssueComment {
  const now = isoNow();
  const comment: IssueComment = { id: nextId(ctx.state), issueNumber: issue.number, body, user, createdAt: now, updatedAt: now, reactions: [] };
  repo.comments.set(comment.id, comment);
  issue.commentCount++;
  issue.updatedAt = now;
  return comment;
}

function findComment(ctx: RepoContext): IssueComment | undefined {
  return ctx.repo.comments.get(intParam(ctx, 'comment_id') ?? -1);
}

/** Registers issue endpoints. */
export function registerIssueRoutes(table: RouteTable): void {
  repoRoute(table, 'GET /repos/{owner}/{repo}/issues', listIssues);
  repoRoute(table, 'POST /repos/{owner}/{repo}/issues', createIssue);
  repoRoute(table, 'GET /repos/{owner}/{repo}/issues/{issue_number}', (ctx) => {
    const issue = findIssue(ctx);
    return issue ? json(200, issueJson(ctx.shapes, ctx.repo, issue)) : notFound();
  });
  repoRoute(table, 'PATCH /repos/{owner}/{repo}/issues/{issue_number}', updateIssue);
  repoRoute(table, 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels', addLabels);
  repoRoute(table, 'POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', addAssignees);
  repoRoute(table, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments', (ctx) => {
    const issue = findIssue(ctx);
    if (!issue) return notFound();
    const since = ctx.query.get('since');
    const list = [...ctx.repo.comments.values()].filter((c) => c.issueNumber === issue.number && (!since || c.updatedAt >= since));
    const { page, headers } = paginate(ctx, list);
    return json(200, page.map((c) => commentJson(ctx.shapes, ctx.repo, c)), headers);
  });
  repoRoute(table, 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', (ctx) => {
    const issue = findIssue(ctx);
    if (!issue) return notFound();
    const out = commentJson(ctx.shapes, ctx.repo, addComment(ctx, ctx.repo, issue, str(ctx.body, 'body') ?? '', ctx.actor));
    return json(201, out, { location: String(out.url) });
  });
  repoRoute(table, 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', (ctx) => {
    const c = findComment(ctx);
    if (!c) return notFound();
    c.body = str(ctx.body, 'body') ?? c.body;
    c.updatedAt = isoNow();
    return json(200, commentJson(ctx.shapes, ctx.repo, c));
  });
  repoRoute(table, 'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}', (ctx) => {
    const c = findComment(ctx);
    if (!c) return notFound();
    ctx.repo.comments.delete(c.id);
    const issue = ctx.repo.issues.get(c.issueNumber);
    if (issue) issue.commentCount--;
    return noContent();
  });
  repoRoute(table, 'POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', (ctx) => {
    const c = findComment(ctx);
    if (!c) return notFound();
    const content = str(ctx.body, 'content') ?? '';
    const existing = c.reactions.find((r) => r.content === content && r.user.login === ctx.actor.login);
    if (existing) return json(200, reactionJson(ctx.shapes, existing));
    const r = { id: nextId(ctx.state), content, user: ctx.actor, createdAt: isoNow() };
    c.reactions.push(r);
    return json(201, reactionJson(ctx.shapes, r));
  });
}
