// Steps 1 and 2 of an incremental pass, for one installation: which repositories need a full
// job. A repository gets one when the index lacks it, its default-branch head moved, freshpin's
// open PRs changed (opened, closed, merged, pushed to), one of its families gained a tag in the
// registry, or something held back may qualify now (minimumAge, a deferral). Every other
// repository costs its share of one GraphQL query (≤100 repositories each) and no REST request.
// Repositories renamed or transferred are followed by node id; those gone are forgotten.
import type { Logger } from 'pino';
import type { GitHubClient } from '../../github/github-client.ts';
import { PROBE_BATCH, probeRepositories } from '../../github/probe-repositories.ts';
import { probeConfigSource } from '../../github/probe-config-source.ts';
import type { ProbedRepository } from '../../github/probe-repositories.ts';
import { listingFingerprint } from '../../index/job-observations.ts';
import type { ListedRepo, RepoEntry, RepositoryIndex } from '../../index/repository-index.ts';
import type { TagSource } from '../../registry/tag-source.ts';

export type DueReason = 'unindexed' | 'head-moved' | 'pulls-changed' | 'config-changed' | 'new-candidate' | 'revisit' | 'probe-incomplete';

export interface DueRepository {
  repo: ListedRepo;
  reason: DueReason;
  entry?: RepoEntry;
}

export interface Selection {
  due: DueRepository[];
  unchanged: number;
  gone: number;
  probes: number;
  /** GraphQL points the probes cost, and what remained after the last one. */
  cost: number;
  remaining?: number;
}

/** The registry step's memo, shared by every installation of a pass: one listing per family. */
export type FamilyFingerprints = Map<string, Promise<string | undefined>>;

export interface SelectInput {
  octokit: GitHubClient;
  repos: readonly ListedRepo[];
  index: RepositoryIndex;
  tagSource: TagSource;
  families: FamilyFingerprints;
  appSlug: string;
  installationId: number;
  now: Date;
  log: Logger;
  /** Awaited before each probe query (the rate-limit reserve). */
  beforeProbe?: () => Promise<void>;
}

/** The current fingerprint of a family (undefined when the registry cannot say: the repository then gets a job). */
function currentFingerprint(input: SelectInput, family: RepoEntry['families'][number]): Promise<string | undefined> {
  const key = `${family.registry}/${family.repository}:${family.prefix}`;
  let fingerprint = input.families.get(key);
  if (fingerprint === undefined) {
    fingerprint = input.tagSource.listTags({ registry: family.registry, repository: family.repository }, family.prefix).then(listingFingerprint, () => undefined);
    input.families.set(key, fingerprint);
  }
  return fingerprint;
}

/**
 * The config files in other repositories the installation's indexed repositories read, whose blob
 * changed since the installation's last pass (or that no pass has seen yet): one small query each.
 */
async function changedConfigSources(input: SelectInput, entries: ReadonlyArray<RepoEntry | undefined>, selection: Selection): Promise<Set<string>> {
  const sources = new Map<string, RepoEntry['configSources'][number]>();
  for (const entry of entries) for (const source of entry?.configSources ?? []) sources.set(sourceId(source), source);
  const changed = new Set<string>();
  for (const [id, source] of sources) {
    await input.beforeProbe?.();
    const blob = await probeConfigSource(input.octokit, source);
    selection.probes += 1;
    const known = await input.index.getSourceBlob(input.installationId, source);
    if (known === undefined || known !== blob) changed.add(id);
    await input.index.putSourceBlob(input.installationId, source, blob);
  }
  return changed;
}

function sourceId(source: { owner: string; repo: string; path: string }): string {
  return `${source.owner}/${source.repo}:${source.path}`.toLowerCase();
}

async function familiesChanged(input: SelectInput, entry: RepoEntry): Promise<boolean> {
  const now = await Promise.all(entry.families.map((family) => currentFingerprint(input, family)));
  return entry.families.some((family, i) => now[i] !== family.fingerprint);
}

function probeReason(entry: RepoEntry, probed: Extract<ProbedRepository, { kind: 'present' }>, now: Date): DueReason | undefined {
  if (probed.incomplete) return 'probe-incomplete';
  if (probed.headSha !== entry.headSha || probed.defaultBranch !== entry.defaultBranch) return 'head-moved';
  const known = entry.pulls.map((pull) => `${pull.number}@${pull.headSha}`).sort();
  if (known.join(',') !== probed.pulls.join(',')) return 'pulls-changed';
  if (entry.revisitAt !== undefined && Date.parse(entry.revisitAt) <= now.getTime()) return 'revisit';
  return undefined;
}

/** Decides, for one installation's repositories, which need a full job. */
export async function selectChangedRepositories(input: SelectInput): Promise<Selection> {
  const selection: Selection = { due: [], unchanged: 0, gone: 0, probes: 0, cost: 0 };
  let renamed = false;
  const entries = await Promise.all(input.repos.map((repo) => input.index.getRepo(repo.owner, repo.repo)));
  const changedSources = await changedConfigSources(input, entries, selection);
  // Indexed repositories, grouped by branch prefix (the probe lists refs under one prefix).
  const byPrefix = new Map<string, Array<{ repo: ListedRepo; entry: RepoEntry }>>();
  input.repos.forEach((repo, i) => {
    const entry = entries[i];
    if (repo.archived) return;
    if (entry === undefined || repo.nodeId === '' || entry.nodeId !== repo.nodeId) {
      selection.due.push({ repo, reason: 'unindexed' });
      return;
    }
    const group = byPrefix.get(entry.branchPrefix) ?? [];
    group.push({ repo, entry });
    byPrefix.set(entry.branchPrefix, group);
  });
  for (const [prefix, group] of byPrefix) {
    for (let start = 0; start < group.length; start += PROBE_BATCH) {
      const batch = group.slice(start, start + PROBE_BATCH);
      await input.beforeProbe?.();
      const result = await probeRepositories(input.octokit, batch.map(({ entry }) => entry.nodeId), prefix, input.appSlug);
      selection.probes += 1;
      selection.cost += result.cost ?? 0;
      if (result.remaining !== undefined) selection.remaining = result.remaining;
      for (const [i, probed] of result.repositories.entries()) {
        const { repo, entry } = batch[i] as { repo: ListedRepo; entry: RepoEntry };
        if (probed.kind === 'gone') {
          // Deleted, transferred out of reach, or access removed: nothing to do, nothing to keep.
          await input.index.forgetRepo(entry.owner, entry.repo);
          selection.gone += 1;
          input.log.info({ repo: `${entry.owner}/${entry.repo}` }, 'repository gone since it was indexed; forgotten');
          continue;
        }
        let current = repo;
        if (probed.owner.toLowerCase() !== entry.owner.toLowerCase() || probed.repo.toLowerCase() !== entry.repo.toLowerCase()) {
          // Renamed or transferred within reach: follow it under its new name.
          await input.index.forgetRepo(entry.owner, entry.repo);
          await input.index.putRepo({ ...entry, owner: probed.owner, repo: probed.repo });
          current = { ...repo, owner: probed.owner, repo: probed.repo };
          renamed = true;
          input.log.info({ from: `${entry.owner}/${entry.repo}`, to: `${probed.owner}/${probed.repo}` }, 'repository renamed since it was indexed');
        }
        if (probed.archived) continue;
        const configChanged = entry.configSources.some((source) => changedSources.has(sourceId(source)));
        const reason = probeReason(entry, probed, input.now) ?? (configChanged ? 'config-changed' : undefined) ?? ((await familiesChanged(input, entry)) ? 'new-candidate' : undefined);
        if (reason === undefined) selection.unchanged += 1;
        else selection.due.push({ repo: { ...current, archived: false, ...(probed.defaultBranch === undefined ? {} : { defaultBranch: probed.defaultBranch }) }, reason, entry });
      }
    }
  }
  // A repository renamed, transferred or gone: the installation's listing is listed again next time.
  if (selection.gone > 0 || renamed) await input.index.forgetListing(input.installationId);
  return selection;
}
