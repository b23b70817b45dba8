// Pull requests: find, list (only the app's own, by branch prefix), create (adopting one
// that already exists), update, close, read and merge. Labels, reviewers and assignees are
// in pull-metadata.ts.
import { z } from 'zod';
import { formatRepoRef, type GitHubClient, type RepoRef } from './github-client.ts';
import { classifyGitHubError, failureMentions, isGitHubFailure, withGitHubContext } from './github-errors.ts';
import { parsePayload } from './github-payload.ts';

export interface PullSummary {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  title: string;
  /** The PR body ('' when empty): where freshpin keeps its marker. */
  body: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  authorLogin?: string;
  labels: string[];
  updatedAt?: string;
  closedAt?: string;
}

export interface PullDetails {
  number: number;
  state: 'open' | 'closed';
  merged: boolean;
  /** null while GitHub is still computing it. */
  mergeable: boolean | null;
  headSha: string;
  headRef: string;
  baseRef: string;
  body: string;
  labels: string[];
  authorLogin?: string;
  /** `owner/repo` of the head branch; undefined when the fork was deleted. */
  headRepoFullName?: string;
}

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export type MergeResult =
  | { merged: true; sha: string }
  | { merged: false; reason: 'not-mergeable' | 'head-moved' | 'other'; message: string };

const Label = z.union([z.string(), z.looseObject({ name: z.string() })]).transform((label) => (typeof label === 'string' ? label : label.name));
const User = z.looseObject({ login: z.string() }).nullish().catch(null);

const PullSchema = z.looseObject({
  number: z.number(),
  state: z.enum(['open', 'closed']),
  title: z.string().catch(''),
  body: z.string().nullish().catch(null),
  merged: z.boolean().optional().catch(undefined),
  merged_at: z.string().nullish().catch(null),
  mergeable: z.boolean().nullish().catch(null),
  updated_at: z.string().optional().catch(undefined),
  closed_at: z.string().nullish().catch(null),
  user: User,
  labels: z.array(Label).catch([]),
  head: z.looseObject({ ref: z.string(), sha: z.string(), repo: z.looseObject({ full_name: z.string() }).nullish().catch(null) }),
  base: z.looseObject({ ref: z.string() }),
});

const PullListSchema = z.array(PullSchema);
const MergeSchema = z.looseObject({ merged: z.boolean().catch(false), sha: z.string().nullish().catch(null), message: z.string().catch('') });

type PullPayload = z.output<typeof PullSchema>;

/** The open pull request from `owner:branch`, if any. */
export async function findOpenPullByBranch(octokit: GitHubClient, ref: RepoRef, owner: string, branch: string): Promise<PullSummary | undefined> {
  const context = `find open pull from ${owner}:${branch} in ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(context, async () => (await octokit.request('GET /repos/{owner}/{repo}/pulls', { ...ref, state: 'open', head: `${owner}:${branch}`, per_page: 10 })).data);
  const first = parsePayload(PullListSchema, data, context)[0];
  return first === undefined ? undefined : toSummary(first);
}

/**
 * The app's pull requests whose head branch starts with `prefix` (all pages, 100 a page;
 * `maxPages` caps long closed histories). Pulls by anyone but `appLogin` are left out.
 */
export async function listPullsByBranchPrefix(
  octokit: GitHubClient,
  ref: RepoRef,
  prefix: string,
  state: 'open' | 'closed' | 'all',
  appLogin: string,
  options: { maxPages?: number } = {},
): Promise<PullSummary[]> {
  const context = `list ${state} pulls in ${formatRepoRef(ref)}`;
  let pages = 0;
  const data = await withGitHubContext(context, () =>
    octokit.paginate('GET /repos/{owner}/{repo}/pulls', { ...ref, state, per_page: 100 }, (response, done) => {
      pages += 1;
      if (options.maxPages !== undefined && pages >= options.maxPages) done();
      return response.data;
    }),
  );
  return parsePayload(PullListSchema, data, context)
    .filter((pull) => pull.head.ref.startsWith(prefix) && pull.user?.login === appLogin)
    .map(toSummary);
}

/** Opens a pull request; one that already exists for `head` is adopted (`created: false`). */
export async function createPull(
  octokit: GitHubClient,
  ref: RepoRef,
  input: { head: string; base: string; title: string; body: string; draft?: boolean },
): Promise<{ number: number; created: boolean }> {
  const context = `create pull from ${input.head} in ${formatRepoRef(ref)}`;
  try {
    const data = await withGitHubContext(context, async () => (await octokit.request('POST /repos/{owner}/{repo}/pulls', { ...ref, ...input })).data);
    return { number: parsePayload(PullSchema, data, context).number, created: true };
  } catch (error) {
    if (!(isGitHubFailure(error, 'unprocessable') && failureMentions(error.failure, /pull request already exists/i))) throw error;
    const [owner, branch] = input.head.includes(':') ? splitHead(input.head) : [ref.owner, input.head];
    const existing = await findOpenPullByBranch(octokit, ref, owner, branch);
    if (existing === undefined) throw error;
    return { number: existing.number, created: false };
  }
}

/** Changes a pull request's title, body, base or state. */
export async function updatePull(
  octokit: GitHubClient,
  ref: RepoRef,
  number: number,
  changes: { title?: string; body?: string; base?: string; state?: 'open' | 'closed' },
): Promise<void> {
  await withGitHubContext(`update pull #${number} in ${formatRepoRef(ref)}`, () => octokit.request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', { ...ref, pull_number: number, ...changes }));
}

/** Closes a pull request, first commenting `comment` when given. */
export async function closePull(octokit: GitHubClient, ref: RepoRef, number: number, comment?: string): Promise<void> {
  if (comment !== undefined && comment !== '') {
    await withGitHubContext(`comment on pull #${number} in ${formatRepoRef(ref)}`, () =>
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...ref, issue_number: number, body: comment }),
    );
  }
  await updatePull(octokit, ref, number, { state: 'closed' });
}

/** One pull request, with what merging and adoption decisions need. */
export async function getPull(octokit: GitHubClient, ref: RepoRef, number: number): Promise<PullDetails> {
  const context = `get pull #${number} in ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(context, async () => (await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...ref, pull_number: number })).data);
  const pull = parsePayload(PullSchema, data, context);
  return {
    number: pull.number,
    state: pull.state,
    merged: isMerged(pull),
    mergeable: pull.mergeable ?? null,
    headSha: pull.head.sha,
    headRef: pull.head.ref,
    baseRef: pull.base.ref,
    body: pull.body ?? '',
    labels: pull.labels,
    ...(pull.user ? { authorLogin: pull.user.login } : {}),
    ...(pull.head.repo ? { headRepoFullName: pull.head.repo.full_name } : {}),
  };
}

/**
 * Merges if the head is still `sha`. Exactly one attempt, never retried (a failed merge
 * may still have happened; re-read the pull to know). 405 → `not-mergeable`, 409 →
 * `head-moved`; any other failure → `other`.
 */
export async function mergePull(
  octokit: GitHubClient,
  ref: RepoRef,
  number: number,
  input: { sha: string; method: MergeMethod; title?: string; message?: string },
): Promise<MergeResult> {
  const context = `merge pull #${number} in ${formatRepoRef(ref)}`;
  let data: unknown;
  try {
    const response = await octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
      ...ref,
      pull_number: number,
      sha: input.sha,
      merge_method: input.method,
      ...(input.title === undefined ? {} : { commit_title: input.title }),
      ...(input.message === undefined ? {} : { commit_message: input.message }),
      request: { retries: 0 },
    });
    data = response.data;
  } catch (error) {
    const failure = classifyGitHubError(error);
    const reason = failure.status === 405 ? 'not-mergeable' : failure.status === 409 ? 'head-moved' : 'other';
    return { merged: false, reason, message: failure.status === undefined ? failure.message : `${failure.status} ${failure.message}` };
  }
  const result = parsePayload(MergeSchema, data, context);
  if (result.merged && result.sha) return { merged: true, sha: result.sha };
  return { merged: false, reason: 'other', message: result.message || 'GitHub did not merge' };
}

function toSummary(pull: PullPayload): PullSummary {
  return {
    number: pull.number,
    state: pull.state,
    merged: isMerged(pull),
    title: pull.title,
    body: pull.body ?? '',
    headRef: pull.head.ref,
    headSha: pull.head.sha,
    baseRef: pull.base.ref,
    ...(pull.user ? { authorLogin: pull.user.login } : {}),
    labels: pull.labels,
    ...(pull.updated_at === undefined ? {} : { updatedAt: pull.updated_at }),
    ...(pull.closed_at ? { closedAt: pull.closed_at } : {}),
  };
}

function isMerged(pull: PullPayload): boolean {
  return pull.merged ?? (pull.merged_at !== null && pull.merged_at !== undefined);
}

function splitHead(head: string): [string, string] {
  const colon = head.indexOf(':');
  return [head.slice(0, colon), head.slice(colon + 1)];
}

export { applyPullMetadata, type MetadataFailure, type PullMetadata } from './pull-metadata.ts';
