// Step 3's bookkeeping: after a repository job succeeded, what it observed becomes the
// repository's index entry. A job whose observation is incomplete (a registry listing failed,
// no head was read) leaves no entry, so the next pass runs a job again.
import { listOpenBumpPulls } from './read-repo-snapshot.ts';
import type { RepoJob } from '../repo-job.ts';
import { observationOf, textHash } from '../../index/job-observations.ts';
import type { ListedRepo, RepoEntry, RepositoryIndex } from '../../index/repository-index.ts';

/** Default branch prefix when the config gave none (no config yet: onboarding). */
const DEFAULT_BRANCH_PREFIX = 'freshpin/';
/** A repository with something held back is looked at again after this long. */
const REVISIT_MS = 24 * 3_600_000;

/** Writes the index entry of a repository whose job (and every pass step) succeeded; true when written. */
export async function recordRepository(index: RepositoryIndex, job: RepoJob, listed: ListedRepo, installationId: number): Promise<boolean> {
  const observation = observationOf(job);
  if (observation === undefined || !observation.complete || observation.headSha === undefined || observation.defaultBranch === undefined) {
    await index.forgetRepo(job.repo.owner, job.repo.repo);
    return false;
  }
  const branchPrefix = observation.branchPrefix ?? DEFAULT_BRANCH_PREFIX;
  // The open PRs as they are after the job's writes: the job's listing, refreshed after writes.
  const pulls = await listOpenBumpPulls(job, branchPrefix);
  const entry: RepoEntry = {
    version: 1,
    nodeId: listed.nodeId,
    owner: job.repo.owner,
    repo: job.repo.repo,
    installationId,
    defaultBranch: observation.defaultBranch,
    headSha: observation.headSha,
    branchPrefix,
    dockerfiles: observation.dockerfiles,
    configSources: observation.configSources,
    pins: observation.pins,
    families: [...observation.families.values()].sort((a, b) => (`${a.registry}/${a.repository}:${a.prefix}` < `${b.registry}/${b.repository}:${b.prefix}` ? -1 : 1)),
    pulls: pulls.map((pull) => ({ number: pull.number, branch: pull.headRef, headSha: pull.headSha, marker: textHash(pull.body) })),
    checkedAt: job.now.toISOString(),
  };
  if (observation.dashboard !== undefined) entry.dashboard = observation.dashboard;
  if (observation.revisit) entry.revisitAt = new Date(job.now.getTime() + REVISIT_MS).toISOString();
  await index.putRepo(entry);
  return true;
}
