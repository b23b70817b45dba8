// Writing a bump branch through the git data API: a tree on top of the base commit's
// tree, a commit with no author or committer (so GitHub signs it as the app: Verified),
// and ref create/move/delete. Also reading what is on a branch, to tell whether anyone
// but the app has pushed to it.
import { z } from 'zod';
import { formatRepoRef, type GitHubClient, type RepoRef } from './github-client.ts';
import { failureMentions, isGitHubFailure, withGitHubContext } from './github-errors.ts';
import { parsePayload } from './github-payload.ts';

export type FileMode = '100644' | '100755';

export interface CommitFilesInput {
  /** The parent commit. */
  baseSha: string;
  /** Path → new full text. */
  files: Record<string, string>;
  message: string;
  /** File modes for paths that are not plain files (e.g. executable); default `100644`. */
  modes?: Record<string, FileMode>;
}

export interface BranchCommit {
  sha: string;
  authorLogin?: string;
  committerLogin?: string;
  /** `Bot` for apps, `User` for people. */
  authorType?: string;
  /** GitHub verified the commit's signature. */
  verified: boolean;
  message: string;
}

const ShaSchema = z.looseObject({ sha: z.string() });
const CommitSchema = z.looseObject({ tree: ShaSchema });

const Account = z.looseObject({ login: z.string(), type: z.string().optional() }).nullish().catch(null);

const CompareSchema = z.looseObject({
  total_commits: z.number().catch(0),
  commits: z.array(
    z.looseObject({
      sha: z.string(),
      author: Account,
      committer: Account,
      commit: z.looseObject({
        message: z.string().catch(''),
        verification: z.looseObject({ verified: z.boolean().catch(false) }).nullish().catch(null),
      }),
    }),
  ),
});

const COMPARE_PAGE_SIZE = 100;
const COMPARE_MAX_PAGES = 10;

/** Creates one commit on top of `baseSha` that writes `files`; returns its SHA. Does not move any branch. */
export async function commitFiles(octokit: GitHubClient, ref: RepoRef, input: CommitFilesInput): Promise<string> {
  const where = formatRepoRef(ref);
  const baseContext = `read commit ${input.baseSha} of ${where}`;
  const base = await withGitHubContext(baseContext, async () => (await octokit.request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { ...ref, commit_sha: input.baseSha })).data);
  const baseTree = parsePayload(CommitSchema, base, baseContext).tree.sha;

  const tree = Object.entries(input.files).map(([path, content]) => ({ path, mode: input.modes?.[path] ?? '100644', type: 'blob' as const, content }));
  const treeContext = `create tree on ${input.baseSha} in ${where}`;
  const created = await withGitHubContext(treeContext, async () => (await octokit.request('POST /repos/{owner}/{repo}/git/trees', { ...ref, base_tree: baseTree, tree })).data);
  const treeSha = parsePayload(ShaSchema, created, treeContext).sha;

  const commitContext = `create commit on ${input.baseSha} in ${where}`;
  // No author, no committer: GitHub attributes the commit to the app and signs it.
  const commit = await withGitHubContext(
    commitContext,
    async () => (await octokit.request('POST /repos/{owner}/{repo}/git/commits', { ...ref, message: input.message, tree: treeSha, parents: [input.baseSha] })).data,
  );
  return parsePayload(ShaSchema, commit, commitContext).sha;
}

/** Creates `branch` at `sha`; `exists` (not an error) when the branch is already there. */
export async function createBranch(octokit: GitHubClient, ref: RepoRef, branch: string, sha: string): Promise<'created' | 'exists'> {
  try {
    await withGitHubContext(`create branch ${branch} in ${formatRepoRef(ref)}`, () =>
      octokit.request('POST /repos/{owner}/{repo}/git/refs', { ...ref, ref: `refs/heads/${branch}`, sha }),
    );
    return 'created';
  } catch (error) {
    if (isGitHubFailure(error, 'unprocessable') && failureMentions(error.failure, /reference already exists/i)) return 'exists';
    throw error;
  }
}

/** Points `branch` at `sha`; without `force`, GitHub refuses a non-fast-forward (GitHubError `unprocessable`). */
export async function moveBranch(octokit: GitHubClient, ref: RepoRef, branch: string, sha: string, options: { force: boolean }): Promise<void> {
  await withGitHubContext(`move branch ${branch} in ${formatRepoRef(ref)}`, () =>
    octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ...ref, ref: `heads/${branch}`, sha, force: options.force }),
  );
}

/** Deletes `branch`; `missing` when it was already gone. */
export async function deleteBranch(octokit: GitHubClient, ref: RepoRef, branch: string): Promise<'deleted' | 'missing'> {
  try {
    await withGitHubContext(`delete branch ${branch} in ${formatRepoRef(ref)}`, () => octokit.request('DELETE /repos/{owner}/{repo}/git/refs/{ref}', { ...ref, ref: `heads/${branch}` }));
    return 'deleted';
  } catch (error) {
    if (isGitHubFailure(error, 'not-found')) return 'missing';
    if (isGitHubFailure(error, 'unprocessable') && failureMentions(error.failure, /reference does not exist/i)) return 'missing';
    throw error;
  }
}

/** The commits on `head` that are not on `base` (oldest first), via the compare API; up to 1000. */
export async function listBranchCommits(octokit: GitHubClient, ref: RepoRef, base: string, head: string): Promise<BranchCommit[]> {
  const context = `compare ${base}...${head} in ${formatRepoRef(ref)}`;
  const commits: BranchCommit[] = [];
  for (let page = 1; page <= COMPARE_MAX_PAGES; page += 1) {
    const data = await withGitHubContext(
      context,
      async () => (await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', { ...ref, basehead: `${base}...${head}`, per_page: COMPARE_PAGE_SIZE, page })).data,
    );
    const compare = parsePayload(CompareSchema, data, context);
    for (const entry of compare.commits) {
      commits.push({
        sha: entry.sha,
        ...(entry.author ? { authorLogin: entry.author.login } : {}),
        ...(entry.committer ? { committerLogin: entry.committer.login } : {}),
        ...(entry.author?.type === undefined ? {} : { authorType: entry.author.type }),
        verified: entry.commit.verification?.verified ?? false,
        message: entry.commit.message,
      });
    }
    if (compare.commits.length < COMPARE_PAGE_SIZE || commits.length >= compare.total_commits) break;
  }
  return commits;
}

/**
 * True when every commit was authored by the app and committed by the app (or by GitHub's
 * `web-flow`, as for merges made in the UI). Vacuously true for no commits.
 */
export function isOnlyAuthoredBy(commits: readonly BranchCommit[], appBotLogin: string): boolean {
  return commits.every((commit) => commit.authorLogin === appBotLogin && (commit.committerLogin === appBotLogin || commit.committerLogin === 'web-flow'));
}
