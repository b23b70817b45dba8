// What a repository job saw, gathered for the repository index while the job runs: the
// snapshot (head, config, Dockerfiles, freshpin's PRs), the pins and their families, the
// registry listings the plan read (through a recording TagSource), the dashboard it wrote or
// left, and whether something held back may qualify later. The recipes call `note…` at a few
// points; for a job nobody observes, each call is a no-op.
import { createHash } from 'node:crypto';
import type { ImageName, TagListing } from '../core/model.ts';
import type { TagSource } from '../registry/tag-source.ts';
import type { RepoEntry } from './repository-index.ts';

/** What an observed job has gathered so far. */
export interface JobObservation {
  headSha?: string;
  defaultBranch?: string;
  branchPrefix?: string;
  dockerfiles: Array<{ path: string; sha: string }>;
  pins: RepoEntry['pins'];
  families: Map<string, RepoEntry['families'][number]>;
  dashboard?: { number: number; bodyHash: string };
  /** The dashboard as the index last knew it (a body with this hash needs no request). */
  knownDashboard?: { number: number; bodyHash: string };
  revisit: boolean;
  /** Config files read from other repositories (the owner's `.github`, `_extends` targets): their changes move no head here. */
  configSources: Array<{ owner: string; repo: string; path: string }>;
  /** False when something made the observation unreliable (an unreadable listing…). */
  complete: boolean;
}

const observations = new WeakMap<object, JobObservation>();

/** Starts observing `job` (any object standing for it). */
export function observeJob(job: object, known?: { dashboard?: { number: number; bodyHash: string } }): JobObservation {
  const observation: JobObservation = { dockerfiles: [], pins: [], families: new Map(), revisit: false, configSources: [], complete: true };
  if (known?.dashboard !== undefined) observation.knownDashboard = known.dashboard;
  observations.set(job, observation);
  return observation;
}

export function observationOf(job: object): JobObservation | undefined {
  return observations.get(job);
}

/** Git's blob id of a text (what the tree API names it by), computed locally. */
export function gitBlobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** A short hash of a text (dashboard bodies, markers). */
export function textHash(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex').slice(0, 32);
}

/** The snapshot a job read. */
export function noteSnapshot(job: object, snapshot: { baseSha: string; defaultBranch: string; files: ReadonlyArray<{ path: string; text: string }> }, branchPrefix: string | undefined): void {
  const observation = observations.get(job);
  if (observation === undefined) return;
  observation.headSha = snapshot.baseSha;
  observation.defaultBranch = snapshot.defaultBranch;
  if (branchPrefix !== undefined) observation.branchPrefix = branchPrefix;
  observation.dockerfiles = snapshot.files.map((file) => ({ path: file.path, sha: gitBlobSha(file.text) }));
}

/** Where the config came from, minus the repository itself. */
export function noteConfigSources(job: { repo: { owner: string; repo: string } }, sources: ReadonlyArray<{ owner: string; repo: string; path: string }>): void {
  const observation = observations.get(job);
  if (observation === undefined) return;
  const self = `${job.repo.owner}/${job.repo.repo}`.toLowerCase();
  observation.configSources = sources.filter((source) => `${source.owner}/${source.repo}`.toLowerCase() !== self).map((source) => ({ owner: source.owner, repo: source.repo, path: source.path }));
}

/** The pins the plan found, each with the family (registry listing) it is searched in. */
export function notePins(job: object, pins: RepoEntry['pins']): void {
  const observation = observations.get(job);
  if (observation !== undefined) observation.pins = pins;
}

/** The dashboard after the job (written or found unchanged). */
export function noteDashboard(job: object, number: number, body: string): void {
  const observation = observations.get(job);
  if (observation !== undefined) observation.dashboard = { number, bodyHash: textHash(body) };
}

/** True when the index says the dashboard already has this body (no request needed to know). */
export function dashboardUnchanged(job: object, body: string): { number: number } | undefined {
  const known = observations.get(job)?.knownDashboard;
  return known !== undefined && known.bodyHash === textHash(body) ? { number: known.number } : undefined;
}

/** Something was held back that may qualify without any change on GitHub or in a registry (minimumAge, a deferral). */
export function noteRevisit(job: object): void {
  const observation = observations.get(job);
  if (observation !== undefined) observation.revisit = true;
}

/** The fingerprint of a registry listing: the sorted tag names (what a new tag changes). */
export function listingFingerprint(listing: TagListing): string {
  return createHash('sha256').update(listing.tags.map((tag) => tag.name).sort().join('\n')).update(listing.complete ? '' : '\nincomplete').digest('hex').slice(0, 24);
}

/** The family key the index and the registry step share. */
export function familyKey(image: ImageName, prefix: string): string {
  return `${image.registry}/${image.repository}:${prefix}`;
}

/** A TagSource that records, on the observation, the listings the plan asked and what they held. */
export function recordingTagSource(source: TagSource, observation: JobObservation): TagSource {
  return {
    async listTags(image, prefix) {
      try {
        const listing = await source.listTags(image, prefix);
        observation.families.set(familyKey(image, prefix), { registry: image.registry, repository: image.repository, prefix, fingerprint: listingFingerprint(listing) });
        return listing;
      } catch (error) {
        observation.complete = false;
        throw error;
      }
    },
    describeTag: (image, tag) => source.describeTag(image, tag),
  };
}
