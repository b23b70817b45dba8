// Reading a repository: its settings, a branch head, the file list of a commit, and one
// text file. GETs only, so the conditional cache makes repeats free.
import { Buffer } from 'node:buffer';
import { z } from 'zod';
import { formatRepoRef, type GitHubClient, type RepoRef } from './github-client.ts';
import { withGitHubContext } from './github-errors.ts';
import { parsePayload, undefinedIfNotFound } from './github-payload.ts';

export interface RepositoryInfo {
  defaultBranch: string;
  archived: boolean;
  fork: boolean;
  private: boolean;
}

export interface TreeListing {
  /** Paths of every blob (file) in the tree, recursively. */
  paths: string[];
  /** True when GitHub cut the recursive listing short (over 100,000 entries or 7 MB): `paths` is incomplete. */
  truncated: boolean;
}

const RepositorySchema = z.looseObject({
  default_branch: z.string(),
  archived: z.boolean().catch(false),
  fork: z.boolean().catch(false),
  private: z.boolean().catch(false),
});

const RefSchema = z.looseObject({ object: z.looseObject({ sha: z.string() }) });

const TreeSchema = z.looseObject({
  tree: z.array(z.looseObject({ path: z.string(), type: z.string() })),
  truncated: z.boolean().catch(false),
});

const ContentFileSchema = z.looseObject({
  type: z.string(),
  sha: z.string().optional(),
  size: z.number().optional(),
  content: z.string().optional(),
  encoding: z.string().optional(),
});

const BlobSchema = z.looseObject({ content: z.string(), encoding: z.string() });

/** The repository's default branch and flags. Throws GitHubError (`not-found` when absent or not visible). */
export async function getRepository(octokit: GitHubClient, ref: RepoRef): Promise<RepositoryInfo> {
  const context = `get repository ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(context, async () => (await octokit.request('GET /repos/{owner}/{repo}', { ...ref })).data);
  const repo = parsePayload(RepositorySchema, data, context);
  return { defaultBranch: repo.default_branch, archived: repo.archived, fork: repo.fork, private: repo.private };
}

/** The commit SHA at the tip of `branch`, or undefined when the branch does not exist. */
export async function getBranchHead(octokit: GitHubClient, ref: RepoRef, branch: string): Promise<string | undefined> {
  const context = `get branch ${branch} of ${formatRepoRef(ref)}`;
  const data = await undefinedIfNotFound(() =>
    withGitHubContext(context, async () => (await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ...ref, ref: `heads/${branch}` })).data),
  );
  return data === undefined ? undefined : parsePayload(RefSchema, data, context).object.sha;
}

/** Every blob path under a commit (or tree) SHA, via the recursive tree API. */
export async function listTreePaths(octokit: GitHubClient, ref: RepoRef, commitOrTreeSha: string): Promise<TreeListing> {
  const context = `list tree ${commitOrTreeSha} of ${formatRepoRef(ref)}`;
  const data = await withGitHubContext(
    context,
    async () => (await octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', { ...ref, tree_sha: commitOrTreeSha, recursive: '1' })).data,
  );
  const tree = parsePayload(TreeSchema, data, context);
  return { paths: tree.tree.filter((entry) => entry.type === 'blob').map((entry) => entry.path), truncated: tree.truncated };
}

/** A file larger than the caller reads (its size is known from the contents API before its text is fetched). */
export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
  readonly size: number;
  readonly maxBytes: number;
  constructor(path: string, size: number, maxBytes: number) {
    super(`${path} is ${size} bytes, over the ${maxBytes} bytes freshpin reads`);
    this.size = size;
    this.maxBytes = maxBytes;
  }
}

/**
 * A file's text at `gitRef` (branch, tag or SHA), or undefined when there is no file
 * there (absent, a directory, a symlink or a submodule). Files over 1 MB, which the
 * contents API answers without content, are read through the blob API (up to 100 MB), unless
 * `maxBytes` is given: a larger file then throws FileTooLargeError before its text is fetched.
 */
export async function readTextFile(octokit: GitHubClient, ref: RepoRef, gitRef: string, path: string, options: { maxBytes?: number } = {}): Promise<string | undefined> {
  const context = `read ${path}@${gitRef} of ${formatRepoRef(ref)}`;
  const data = await undefinedIfNotFound(() =>
    withGitHubContext(context, async () => (await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...ref, path, ref: gitRef })).data),
  );
  if (data === undefined || Array.isArray(data)) return undefined;
  const file = parsePayload(ContentFileSchema, data, context);
  if (file.type !== 'file') return undefined;
  if (options.maxBytes !== undefined && (file.size ?? 0) > options.maxBytes) throw new FileTooLargeError(path, file.size ?? 0, options.maxBytes);
  if (file.encoding === 'base64' && file.content !== undefined) return decodeBase64(file.content);
  if (file.sha === undefined) return undefined;
  return readBlobText(octokit, ref, file.sha, context);
}

/** A blob's text by SHA (the git data API serves blobs up to 100 MB, base64-encoded). */
export async function readBlobText(octokit: GitHubClient, ref: RepoRef, blobSha: string, context = `read blob ${blobSha} of ${formatRepoRef(ref)}`): Promise<string> {
  const data = await withGitHubContext(context, async () => (await octokit.request('GET /repos/{owner}/{repo}/git/blobs/{file_sha}', { ...ref, file_sha: blobSha })).data);
  const blob = parsePayload(BlobSchema, data, context);
  return blob.encoding === 'base64' ? decodeBase64(blob.content) : blob.content;
}

function decodeBase64(content: string): string {
  return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
}
