// Everything a pass needs to know about one repository, read without cloning:
// default branch head, config, Dockerfiles (trees + contents, conditional requests) and
// freshpin's own PRs. Unchanged repositories cost only 304s: after a pass writes, the
// listings its own writes changed are read again (`refreshSnapshotCache`), so the next pass
// over a repository nobody touched meets only 304s.
import type { FreshpinConfig } from '../core/config/config-schema.ts';
import { createDockerfileMatcher } from '../core/config/match-dockerfile-paths.ts';
import { parseConfigObject } from '../core/config/parse-config.ts';
import type { KnownPull } from '../core/pulls/decide-pull-actions.ts';
import { readBumpMarker } from '../core/pulls/bump-marker.ts';
import { findMarkedIssue } from '../github/issues-and-comments.ts';
import { listPullsByBranchPrefix } from '../github/pull-requests.ts';
import { getBranchHead, getRepository, listTreePaths, readTextFile } from '../github/read-repository.ts';
import { readRepoConfig } from '../github/read-repo-config.ts';
import type { RepoJob } from './repo-job.ts';

export type ConfigState = { kind: 'missing' } | { kind: 'invalid'; errors: string[] } | { kind: 'ok'; config: FreshpinConfig };

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

export async function readConfigState(job: RepoJob): Promise<ConfigState> {
  const result = await readRepoConfig(job.octokit, job.repo);
  if (!result.found) return { kind: 'missing' };
  if ('error' in result) return { kind: 'invalid', errors: [result.error] };
  const parsed = parseConfigObject(result.raw);
  return parsed.ok ? { kind: 'ok', config: parsed.config } : { kind: 'invalid', errors: parsed.errors };
}

async function readDockerfiles(job: RepoJob, baseSha: string, globs: readonly string[], warnings: string[]) {
  const tree = await listTreePaths(job.octokit, job.repo, baseSha);
  if (tree.truncated) warnings.push('the repository tree is too large to list in full; some Dockerfiles may be missed');
  const paths = tree.paths.filter(createDockerfileMatcher(globs)).sort();
  const files: Array<{ path: string; text: string }> = [];
  for (const path of paths) {
    const text = await readTextFile(job.octokit, job.repo, baseSha, path);
    if (text === undefined) warnings.push(`${path} could not be read`);
    else files.push({ path, text });
  }
  return files;
}

/** The app's PRs under the branch prefix that carry a readable bump marker. */
export async function readBumpPulls(job: RepoJob, prefix: string) {
  const known = (pulls: Awaited<ReturnType<typeof listPullsByBranchPrefix>>) =>
    pulls.flatMap((pull) => {
      const marker = readBumpMarker(pull.body);
      return marker === undefined ? [] : [{ number: pull.number, branch: pull.headRef, marker, merged: pull.merged, headSha: pull.headSha, body: pull.body }];
    });
  const open = known(await listPullsByBranchPrefix(job.octokit, job.repo, prefix, 'open', job.app.botLogin));
  const closed = known(await listPullsByBranchPrefix(job.octokit, job.repo, prefix, 'closed', job.app.botLogin, { maxPages: CLOSED_PAGES }));
  return { open, closed };
}

export async function readRepoSnapshot(job: RepoJob): Promise<RepoSnapshot> {
  const info = await getRepository(job.octokit, job.repo);
  const baseSha = await getBranchHead(job.octokit, job.repo, info.defaultBranch);
  if (baseSha === undefined) throw new Error(`the default branch ${info.defaultBranch} has no commit`);
  const snapshot: RepoSnapshot = { defaultBranch: info.defaultBranch, baseSha, archived: info.archived, config: { kind: 'missing' }, files: [], openPulls: [], closedPulls: [], warnings: [] };
  if (info.archived) return snapshot;
  snapshot.config = await readConfigState(job);
  if (snapshot.config.kind !== 'ok') return snapshot;
  const { config } = snapshot.config;
  snapshot.files = await readDockerfiles(job, baseSha, config.paths, snapshot.warnings);
  const pulls = await readBumpPulls(job, config.branchPrefix);
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
export async function refreshSnapshotCache(job: RepoJob, options: { branchPrefix?: string; markerKind: string }): Promise<void> {
  await getRepository(job.octokit, job.repo);
  if (options.branchPrefix !== undefined) await readBumpPulls(job, options.branchPrefix);
  await findMarkedIssue(job.octokit, job.repo, { markerKind: options.markerKind, appLogin: job.app.botLogin });
}
