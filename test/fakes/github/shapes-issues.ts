// JSON shapes of issues, pull requests, comments and reactions.
import { labelJson, nodeId, ownerJson, repoJson, userJson } from './shapes-basic.ts';
import type { ShapeContext } from './shapes-basic.ts';
import { diffCommits } from './shapes-git.ts';
import { mergeability, pullCommits } from './pull-ops.ts';
import { branchSha } from './repo-ops.ts';
import type { IssueComment, IssueRecord, Repo } from './fake-state.ts';

function labelsOf(ctx: ShapeContext, repo: Repo, issue: IssueRecord): Array<Record<string, unknown>> {
  return issue.labels.flatMap((name) => {
    const l = repo.labels.get(name.toLowerCase());
    return l ? [labelJson(ctx, repo, l)] : [];
  });
}

function assigneesOf(ctx: ShapeContext, issue: IssueRecord): Array<Record<string, unknown>> {
  return issue.assignees.map((login) => userJson(ctx, { login, type: 'User' }));
}

/** An issue object (PRs carry a `pull_request` key). */
export function issueJson(ctx: ShapeContext, repo: Repo, issue: IssueRecord): Record<string, unknown> {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const web = `${ctx.web}/${repo.owner}/${repo.name}`;
  const assignees = assigneesOf(ctx, issue);
  const out: Record<string, unknown> = {
    id: issue.id,
    node_id: nodeId('I', issue.id),
    url: `${api}/issues/${issue.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${issue.number}/labels{/name}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    events_url: `${api}/issues/${issue.number}/events`,
    html_url: `${web}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: userJson(ctx, issue.user),
    labels: labelsOf(ctx, repo, issue),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.commentCount,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: issue.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    reactions: reactionSummary(`${api}/issues/${issue.number}/reactions`, []),
  };
  if (issue.pull) {
    out.pull_request = { url: `${api}/pulls/${issue.number}`, html_url: `${web}/pull/${issue.number}`, diff_url: `${web}/pull/${issue.number}.diff`, patch_url: `${web}/pull/${issue.number}.patch`, merged_at: issue.pull.mergedAt };
    out.draft = issue.pull.draft;
  }
  return out;
}

function branchEnd(ctx: ShapeContext, repo: Repo, ref: string, sha: string): Record<string, unknown> {
  return { label: `${repo.owner}:${ref}`, ref, sha, user: ownerJson(ctx, repo), repo: repoJson(ctx, repo) };
}

/** A pull-request object; `full` adds the single-PR fields (mergeable, counts…). */
export function pullJson(ctx: ShapeContext, repo: Repo, issue: IssueRecord, full: boolean): Record<string, unknown> {
  const pull = issue.pull;
  if (!pull) throw new Error(`#${issue.number} is not a pull request`);
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  const web = `${ctx.web}/${repo.owner}/${repo.name}`;
  const assignees = assigneesOf(ctx, issue);
  const out: Record<string, unknown> = {
    url: `${api}/pulls/${issue.number}`,
    id: issue.pullId,
    node_id: nodeId('PR', issue.pullId),
    html_url: `${web}/pull/${issue.number}`,
    diff_url: `${web}/pull/${issue.number}.diff`,
    patch_url: `${web}/pull/${issue.number}.patch`,
    issue_url: `${api}/issues/${issue.number}`,
    commits_url: `${api}/pulls/${issue.number}/commits`,
    review_comments_url: `${api}/pulls/${issue.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${issue.number}/comments`,
    statuses_url: `${api}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userJson(ctx, issue.user),
    body: issue.body,
    labels: labelsOf(ctx, repo, issue),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: assignees[0] ?? null,
    assignees,
    requested_reviewers: pull.requestedReviewers.map((login) => userJson(ctx, { login, type: 'User' })),
    requested_teams: [],
    head: branchEnd(ctx, repo, pull.headRef, pull.headSha),
    base: branchEnd(ctx, repo, pull.baseRef, branchSha(repo, pull.baseRef) ?? ''),
    _links: {
      self: { href: `${api}/pulls/${issue.number}` },
      html: { href: `${web}/pull/${issue.number}` },
      issue: { href: `${api}/issues/${issue.number}` },
      comments: { href: `${api}/issues/${issue.number}/comments` },
      review_comments: { href: `${api}/pulls/${issue.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${issue.number}/commits` },
      statuses: { href: `${api}/statuses/${pull.headSha}` },
    },
    author_association: issue.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    auto_merge: null,
    draft: pull.draft,
  };
  if (full) {
    const m = mergeability(repo, issue);
    const commits = pullCommits(repo, issue);
    const first = commits[0]?.parents[0];
    const files = commits.length > 0 ? diffCommits(repo, first, pull.headSha) : [];
    Object.assign(out, {
      merged: pull.merged,
      mergeable: m.mergeable,
      rebaseable: m.mergeable,
      mergeable_state: m.state,
      merged_by: pull.mergedBy ? userJson(ctx, pull.mergedBy) : null,
      comments: issue.commentCount,
      review_comments: 0,
      maintainer_can_modify: pull.maintainerCanModify,
      commits: commits.length,
      additions: files.reduce((n, f) => n + f.additions, 0),
      deletions: files.reduce((n, f) => n + f.deletions, 0),
      changed_files: files.length,
    });
  }
  return out;
}

function reactionSummary(url: string, reactions: IssueComment['reactions']): Record<string, unknown> {
  const count = (c: string): number => reactions.filter((r) => r.content === c).length;
  return {
    url,
    total_count: reactions.length,
    '+1': count('+1'),
    '-1': count('-1'),
    laugh: count('laugh'),
    confused: count('confused'),
    heart: count('heart'),
    hooray: count('hooray'),
    eyes: count('eyes'),
    rocket: count('rocket'),
  };
}

/** An issue comment object. */
export function commentJson(ctx: ShapeContext, repo: Repo, c: IssueComment): Record<string, unknown> {
  const api = `${ctx.api}/repos/${repo.owner}/${repo.name}`;
  return {
    id: c.id,
    node_id: nodeId('IC', c.id),
    url: `${api}/issues/comments/${c.id}`,
    html_url: `${ctx.web}/${repo.owner}/${repo.name}/issues/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: userJson(ctx, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${api}/issues/${c.issueNumber}`,
    author_association: c.user.type === 'Bot' ? 'NONE' : 'MEMBER',
    reactions: reactionSummary(`${api}/issues/comments/${c.id}/reactions`, c.reactions),
  };
}

/** A reaction object. */
export function reactionJson(ctx: ShapeContext, r: IssueComment['reactions'][number]): Record<string, unknown> {
  return { id: r.id, node_id: nodeId('REA', r.id), user: userJson(ctx, r.user), content: r.content, created_at: r.createdAt };
}
