// Everything a pass needs to know about one repository, read without cloning:
// default branch head, config, Dockerfiles (trees + contents, conditional requests) and
// freshpin's own PRs. Unchanged repositories cost only 304s, and no tree or file read (what a
// commit holds is cached by SHA): after a pass writes, the listings its own writes changed
// are read again (`refreshSnapshotCache`), so the next pass over a repository nobody touched
// meets only 304s.
import { createDockerfileMatcher } from '../../core/config/match-dockerfile-paths.ts';
import { parseConfigObject } from '../../core/config/parse-config.ts';
import type { KnownPull } from '../../core/pulls/decide-pull-actions.ts';
import { readBumpMarker } from '../../core/markers/bump-marker.ts';
import { findMarkedIssue } from '../../github/issues-and-comments.ts';
import { listPullsByBranchPrefix } from '../../github/pull-requests.ts';
import type { PullSummary } from '../../github/pull-requests.ts';
import { FileTooLargeError, getBranchHead, getRepository, listTreePaths, readTextFile } from '../../github/read-repository.ts';
import { readRepoConfig } from '../../github/read-repo-config.ts';
import type { ConfigState, RepoJob } from '../repo-job.ts';
import { noteConfigSources } from '../../index/job-observations.ts';

export type { ConfigState } from '../repo-job.ts';

/** Largest Dockerfile read: real ones are kilobytes; GitHub would serve up to 100 MB through the blob API. */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024;
/** Most Dockerfiles read per repository and commit; more are listed as a problem on the dashboard. */
export const MAX_DOCKERFILES = 1000;

export interface RepoSnapshot {
  defaultBranch: string;
  baseSha: string;
  archived: boolean;
  config: ConfigState;
  files: Array<{ path: string; text: string }>;
  openPulls: KnownPull[];
  closedPulls: Array<KnownPull & { merged: boolean }>;
  /** Paths matched but truncated trees, unreadable files… */
  warnings: string[];
}

const CLOSED_PAGES = 3;

/** The repository's default branch and archived flag when already known (the installation's listing has them). */
export interface KnownRepository {
  defaultBranch: string;
  archived: boolean;
}

/**
 * The repository's config (through Probot's loader), read once per job: the steps a pass runs
 * after the bump check (scan reconciliation) reuse the answer instead of asking again.
 */
export function readConfigState(job: RepoJob): Promise<ConfigState> {
  let state = job.memo.config;
  if (state === undefined) {
    const reading = readConfigNow(job);
    job.memo.config = state = reading;
    reading.catch(() => {
      if (job.memo.config === reading) delete job.memo.config;
    });
  }
  return state;
}

async function readConfigNow(job: RepoJob): Promise<ConfigState> {
  const result = await readRepoConfig(job.octokit, job.repo);
  if (!result.found) return { kind: 'missing' };
  if ('error' in result) return { kind: 'invalid', errors: [result.error] };
  noteConfigSources(job, result.sources ?? []);
  const parsed = parseConfigObject(result.raw);
  return parsed.ok ? { kind: 'ok', config: parsed.config } : { kind: 'invalid', errors: parsed.errors };
}

async function readDockerfiles(job: RepoJob, baseSha: string, globs: readonly string[], warnings: string[]) {
  const key = `${job.repo.owner}/${job.repo.repo}@${baseSha}\n${globs.join('\n')}`.toLowerCase();
  // What a commit holds never changes: the Dockerfiles read at a commit are kept (the
  // runtime's bounded cache, by repository, SHA and path globs), so a pass over an unchanged
  // default branch reads no tree and no file at all.
  const cached = job.commitFiles.get(key);
  if (cached !== undefined) {
    warnings.push(...cached.warnings);
    return cached.files;
  }
  const found: string[] = [];
  const tree = await listTreePaths(job.octokit, job.repo, baseSha);
  if (tree.truncated) found.push('the repository tree is too large to list in full; some Dockerfiles may be missed');
  const matched = tree.paths.filter(createDockerfileMatcher(globs)).sort();
  if (matched.length > MAX_DOCKERFILES) found.push(`${matched.length} files match the paths globs; only the first ${MAX_DOCKERFILES} are read`);
  const paths = matched.slice(0, MAX_DOCKERFILES);
  const texts = await Promise.all(
    paths.map((path) =>
      readTextFile(job.octokit, job.repo, baseSha, path, { maxBytes: MAX_DOCKERFILE_BYTES }).catch((error: unknown) => {
        if (error instanceof FileTooLargeError) return error;
        throw error;
      }),
    ),
  );
  const files: Array<{ path: string; text: string }> = [];
  paths.forEach((path, i) => {
    const text = texts[i];
    if (text instanceof FileTooLargeError) found.push(text.message);
    else if (text === undefined) found.push(`${path} could not be read`);
    else files.push({ path, text });
  });
  job.commitFiles.set(key, { files, warnings: found, bytes: files.reduce((sum, file) => sum + file.text.length + file.path.length, 0) });
  warnings.push(...found);
  return files;
}

/**
 * The app's open PRs under `prefix`, listed once per job: the bump check, scan reconciliation
 * and automerge of one repository share one listing. `fresh` lists again, for after the job's
 * own writes (`refreshSnapshotCache`).
 */
export function listOpenBumpPulls(job: RepoJob, prefix: string, options: { fresh?: boolean } = {}): Promise<PullSummary[]> {
  const byPrefix = job.memo.openPulls;
  const known = options.fresh === true ? undefined : byPrefix.get(prefix);
  if (known !== undefined) return known;
  const listing = listPullsByBranchPrefix(job.octokit, job.repo, prefix, 'open', job.app.botLogin);
  const memo = byPrefix;
  memo.set(prefix, listing);
  listing.catch(() => {
    if (memo.get(prefix) === listing) memo.delete(prefix);
  });
  return listing;
}

/** Drops the job's open-PR listing after a write that changed it outside the bump check (a merge). */
export function forgetOpenBumpPulls(job: RepoJob): void {
  job.memo.openPulls.clear();
}

/** The app's PRs under the branch prefix that carry a readable bump marker; `fresh` as in `listOpenBumpPulls`. */
export async function readBumpPulls(job: RepoJob, prefix: string, options: { fresh?: boolean } = {}) {
  const known = (pulls: Awaited<ReturnType<typeof listPullsByBranchPrefix>>) =>
    pulls.flatMap((pull) => {
      const marker = readBumpMarker(pull.body);
      return marker === undefined ? [] : [{ number: pull.number, branch: pull.headRef, marker, merged: pull.merged, headSha: pull.headSha, body: pull.body }];
    });
  const [open, closed] = await Promise.all([
    listOpenBumpPulls(job, prefix, options),
    listPullsByBranchPrefix(job.octokit, job.repo, prefix, 'closed', job.app.botLogin, { maxPages: CLOSED_PAGES }),
  ]);
  return { open: known(open), closed: known(closed) };
}

/** Reads the snapshot; independent reads go out together. `known` spares reading the repository itself. */
export async function readRepoSnapshot(job: RepoJob, known?: KnownRepository): Promise<RepoSnapshot> {
  const info = known ?? (await getRepository(job.octokit, job.repo));
  const [baseSha, config] = await Promise.all([getBranchHead(job.octokit, job.repo, info.defaultBranch), info.archived ? undefined : readConfigState(job)]);
  if (baseSha === undefined) throw new Error(`the default branch ${info.defaultBranch} has no commit`);
  const snapshot: RepoSnapshot = { defaultBranch: info.defaultBranch, baseSha, archived: info.archived, config: config ?? { kind: 'missing' }, files: [], openPulls: [], closedPulls: [], warnings: [] };
  if (snapshot.config.kind !== 'ok' || info.archived) return snapshot;
  const { paths, branchPrefix } = snapshot.config.config;
  const [files, pulls] = await Promise.all([readDockerfiles(job, baseSha, paths, snapshot.warnings), readBumpPulls(job, branchPrefix)]);
  snapshot.files = files;
  snapshot.openPulls = pulls.open;
  snapshot.closedPulls = pulls.closed;
  return snapshot;
}

/**
 * Re-reads, with conditional requests, what this pass's own writes changed (the repository's
 * `pushed_at` and open issue count, freshpin's PR listings, the issue listing the dashboard is
 * found in), so the ETag cache holds the current answers. Costs counted requests now, in a
 * pass that wrote anyway, instead of in the next pass; what did not change answers 304.
 */
export async function refreshSnapshotCache(job: RepoJob, options: { repository: boolean; branchPrefix?: string; markerKind: string }): Promise<void> {
  await Promise.all([
    options.repository ? getRepository(job.octokit, job.repo) : undefined,
    options.branchPrefix === undefined ? undefined : readBumpPulls(job, options.branchPrefix, { fresh: true }),
    findMarkedIssue(job.octokit, job.repo, { markerKind: options.markerKind, appLogin: job.app.botLogin }),
  ]);
}
