// Comments and issues the app keeps up to date, found by a hidden marker
// (`<!-- freshpin:KIND -->`) and only among those the app itself wrote: a look-alike
// marker in someone else's comment is never edited. Unchanged bodies are not re-sent.
import { z } from 'zod';
import { hasMarker, markerFor } from '../core/markers/markers.ts';
import { formatRepoRef, type GitHubClient, type RepoRef } from './github-client.ts';
import { withGitHubContext } from './github-errors.ts';
import { parsePayload } from './github-payload.ts';
import { stopAfter } from './cap-listing.ts';

export interface IssueComment {
  id: number;
  body: string;
  authorLogin?: string;
  authorType?: string;
  htmlUrl?: string;
  createdAt?: string;
  updatedAt?: string;
  /** Reaction counts by content (GitHub's rollup: who reacted is not in it). */
  reactions?: Record<string, number>;
}

export interface MarkedIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
}

export type ReactionContent = '+1' | '-1' | 'eyes' | 'confused' | 'rocket' | 'hooray';

export type UpsertAction = 'created' | 'updated' | 'unchanged';

const User = z.looseObject({ login: z.string(), type: z.string().optional() }).nullish().catch(null);

const CommentSchema = z.looseObject({
  id: z.number(),
  body: z.string().nullish().catch(null),
  user: User,
  html_url: z.string().optional().catch(undefined),
  created_at: z.string().optional().catch(undefined),
  updated_at: z.string().optional().catch(undefined),
});

const IssueSchema = z.looseObject({
  number: z.number(),
  title: z.string().catch(''),
  body: z.string().nullish().catch(null),
  state: z.enum(['open', 'closed']).catch('open'),
  user: User,
  labels: z.array(z.union([z.string(), z.looseObject({ name: z.string() })]).transform((label) => (typeof label === 'string' ? label : label.name))).catch([]),
  pull_request: z.unknown().optional(),
});

/**
 * Comments read per issue or PR, oldest first: freshpin looks for its own comment, which it posts
 * early. Comments are up to 65,536 characters each, so an unbounded listing of a PR that a tenant
 * floods with comments could hold hundreds of MB; 3,000 is far more than any real bump PR has.
 */
export const MAX_LISTED_COMMENTS = 3000;

/** The comments on an issue or pull request, oldest first (up to MAX_LISTED_COMMENTS). */
export async function listComments(octokit: GitHubClient, ref: RepoRef, issueNumber: number): Promise<IssueComment[]> {
  const context = `list comments on #${issueNumber} in ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(context, () => octokit.paginate('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...ref, issue_number: issueNumber, per_page: 100 }, stopAfter(MAX_LISTED_COMMENTS)));
  return parsePayload(z.array(CommentSchema), data, context).map((comment) => ({
    id: comment.id,
    body: comment.body ?? '',
    ...(comment.user ? { authorLogin: comment.user.login } : {}),
    ...(comment.user?.type === undefined ? {} : { authorType: comment.user.type }),
    ...(comment.html_url === undefined ? {} : { htmlUrl: comment.html_url }),
    ...(comment.created_at === undefined ? {} : { createdAt: comment.created_at }),
    ...(comment.updated_at === undefined ? {} : { updatedAt: comment.updated_at }),
    ...(comment.reactions === undefined || comment.reactions === null ? {} : { reactions: reactionCounts(comment.reactions as Record<string, unknown>) }),
  }));
}

function reactionCounts(rollup: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(Object.entries(rollup).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

/** Posts a comment; returns its id. */
export async function postComment(octokit: GitHubClient, ref: RepoRef, issueNumber: number, body: string): Promise<{ id: number; htmlUrl?: string }> {
  const context = `comment on #${issueNumber} in ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(context, async () => (await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...ref, issue_number: issueNumber, body })).data);
  const comment = parsePayload(CommentSchema, data, context);
  return { id: comment.id, ...(comment.html_url === undefined ? {} : { htmlUrl: comment.html_url }) };
}

/**
 * Creates or updates the app's one comment of `markerKind` on an issue or pull request.
 * The marker is prepended to `body` when missing. Only comments by `appLogin` are
 * candidates; an identical body is left alone (`unchanged`, no PATCH).
 */
export async function upsertMarkedComment(
  octokit: GitHubClient,
  ref: RepoRef,
  issueNumber: number,
  input: { markerKind: string; body: string; appLogin: string },
): Promise<{ id: number; action: UpsertAction }> {
  const body = withMarker(input.body, input.markerKind);
  const comments = await listComments(octokit, ref, issueNumber);
  const existing = comments.find((comment) => comment.authorLogin === input.appLogin && hasMarker(comment.body, input.markerKind));
  if (existing === undefined) {
    const { id } = await postComment(octokit, ref, issueNumber, body);
    return { id, action: 'created' };
  }
  if (sameText(existing.body, body)) return { id: existing.id, action: 'unchanged' };
  await withGitHubContext(`update comment ${existing.id} in ${formatRepoRef(ref)}`, () =>
    octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { ...ref, comment_id: existing.id, body }),
  );
  return { id: existing.id, action: 'updated' };
}

/** Reacts to an issue or pull request comment (an existing identical reaction is fine). */
export async function addReaction(octokit: GitHubClient, ref: RepoRef, commentId: number, content: ReactionContent): Promise<void> {
  await withGitHubContext(`react to comment ${commentId} in ${formatRepoRef(ref)}`, () =>
    octokit.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { ...ref, comment_id: commentId, content }),
  );
}

/**
 * The app's oldest issue (not pull request) carrying the marker of `markerKind`, among
 * open issues (or all with `state: 'all'`).
 */
export async function findMarkedIssue(
  octokit: GitHubClient,
  ref: RepoRef,
  input: { markerKind: string; appLogin: string; state?: 'open' | 'all' },
): Promise<MarkedIssue | undefined> {
  const context = `find ${input.markerKind} issue in ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(context, () =>
    octokit.paginate('GET /repos/{owner}/{repo}/issues', { ...ref, state: input.state ?? 'open', sort: 'created', direction: 'asc', per_page: 100 }),
  );
  const issue = parsePayload(z.array(IssueSchema), data, context).find(
    (candidate) => candidate.pull_request === undefined && candidate.user?.login === input.appLogin && hasMarker(candidate.body ?? '', input.markerKind),
  );
  return issue === undefined ? undefined : { number: issue.number, title: issue.title, body: issue.body ?? '', state: issue.state, labels: issue.labels };
}

/**
 * Creates the app's issue of `markerKind` once, then keeps it current: PATCHed only when
 * the title or body changed (labels are set at creation only).
 */
export async function upsertMarkedIssue(
  octokit: GitHubClient,
  ref: RepoRef,
  input: { markerKind: string; appLogin: string; title: string; body: string; labels?: string[] },
): Promise<{ number: number; action: UpsertAction }> {
  const body = withMarker(input.body, input.markerKind);
  const existing = await findMarkedIssue(octokit, ref, input);
  if (existing === undefined) {
    const context = `create ${input.markerKind} issue in ${formatRepoRef(ref)}`;
    const data = await withGitHubContext(context, async () =>
      (await octokit.request('POST /repos/{owner}/{repo}/issues', { ...ref, title: input.title, body, ...(input.labels?.length ? { labels: input.labels } : {}) })).data,
    );
    return { number: parsePayload(IssueSchema, data, context).number, action: 'created' };
  }
  if (sameText(existing.body, body) && existing.title === input.title) return { number: existing.number, action: 'unchanged' };
  await withGitHubContext(`update issue #${existing.number} in ${formatRepoRef(ref)}`, () =>
    octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...ref, issue_number: existing.number, title: input.title, body }),
  );
  return { number: existing.number, action: 'updated' };
}

function withMarker(body: string, markerKind: string): string {
  return hasMarker(body, markerKind) ? body : `${markerFor(markerKind)}\n${body}`;
}

/** GitHub may hand bodies back with CRLF line ends; those are not changes. */
function sameText(stored: string, wanted: string): boolean {
  return stored.replace(/\r\n/g, '\n') === wanted.replace(/\r\n/g, '\n');
}

/** Closes an issue as not planned (e.g. a duplicate dashboard). */
export async function closeIssue(octokit: GitHubClient, ref: RepoRef, issueNumber: number): Promise<void> {
  await withGitHubContext(`close issue #${issueNumber} in ${formatRepoRef(ref)}`, () =>
    octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...ref, issue_number: issueNumber, state: 'closed', state_reason: 'not_planned' }),
  );
}

/** Sets an issue's or PR's labels to exactly `labels` (one request). */
export async function setIssueLabels(octokit: GitHubClient, ref: RepoRef, issueNumber: number, labels: readonly string[]): Promise<void> {
  await withGitHubContext(`set labels of #${issueNumber} in ${formatRepoRef(ref)}`, () =>
    octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...ref, issue_number: issueNumber, labels: [...labels] }),
  );
}
