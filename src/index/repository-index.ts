// The repository index: what freshpin last saw of each repository, so that a pass can tell,
// from one batched GraphQL probe and one registry lookup per family, which repositories need
// a full job. It is a cache of GitHub's truth, kept in a KeyValueStore: an entry that is
// missing, malformed or stale costs a job (requests), never a wrong decision, because a job
// reads GitHub itself and the index only decides whether to run one.
import { z } from 'zod';
import type { KeyValueStore } from '../store/key-value-store.ts';

const PinSchema = z.object({ file: z.string(), name: z.string(), family: z.string(), value: z.string() });
const FamilySchema = z.object({ registry: z.string(), repository: z.string(), prefix: z.string(), fingerprint: z.string() });
const PullSchema = z.object({ number: z.number(), branch: z.string(), headSha: z.string(), marker: z.string() });

/** One repository as the last job saw it. */
export const RepoEntrySchema = z.object({
  version: z.literal(1),
  /** GraphQL node id: survives renames and transfers. */
  nodeId: z.string(),
  owner: z.string(),
  repo: z.string(),
  installationId: z.number(),
  defaultBranch: z.string(),
  /** Default-branch head SHA the job read. */
  headSha: z.string(),
  /** freshpin's branch prefix from the config the job read (the probe lists refs under it). */
  branchPrefix: z.string(),
  /** Config files in other repositories (the owner's `.github`, `_extends` targets); their blob ids are probed per pass. */
  configSources: z.array(z.object({ owner: z.string(), repo: z.string(), path: z.string() })).default([]),
  dockerfiles: z.array(z.object({ path: z.string(), sha: z.string() })),
  pins: z.array(PinSchema),
  /** Registry listings the plan asked, with a fingerprint of what they held. */
  families: z.array(FamilySchema),
  /** freshpin's open PRs after the job, with their head SHAs and marker hashes. */
  pulls: z.array(PullSchema),
  dashboard: z.object({ number: z.number(), bodyHash: z.string() }).optional(),
  /** When a candidate held back (minimumAge, a deferral) may qualify: a job is due then. */
  revisitAt: z.string().optional(),
  checkedAt: z.string(),
});
export type RepoEntry = z.infer<typeof RepoEntrySchema>;

/** One repository of an installation, as the last listing (or webhook) gave it. */
export const ListedRepoSchema = z.object({ nodeId: z.string(), owner: z.string(), repo: z.string(), defaultBranch: z.string().optional(), archived: z.boolean() });
export type ListedRepo = z.infer<typeof ListedRepoSchema>;
const ListingSchema = z.object({ version: z.literal(1), repositories: z.array(ListedRepoSchema), listedAt: z.string() });

const repoKey = (owner: string, repo: string) => `repo:${owner}/${repo}`.toLowerCase();
const sourceKey = (installationId: number, source: { owner: string; repo: string; path: string }) => `config-source:${installationId}:${source.owner}/${source.repo}:${source.path}`.toLowerCase();
const installationKey = (installationId: number) => `installation:${installationId}`;

/** The index's reads and writes; every read tolerates garbage (it reads as missing). */
export interface RepositoryIndex {
  store: KeyValueStore;
  getRepo(owner: string, repo: string): Promise<RepoEntry | undefined>;
  putRepo(entry: RepoEntry): Promise<void>;
  /** Forgets a repository: its next pass runs a full job. */
  forgetRepo(owner: string, repo: string): Promise<void>;
  /** The installation's listing, unless older than `maxAgeMs` at `now`. */
  getListing(installationId: number, now?: Date, maxAgeMs?: number): Promise<ListedRepo[] | undefined>;
  putListing(installationId: number, repositories: readonly ListedRepo[], now: Date): Promise<void>;
  forgetListing(installationId: number): Promise<void>;
  /** The blob id an installation's last pass saw for a config file in another repository (null: no such file). */
  getSourceBlob(installationId: number, source: { owner: string; repo: string; path: string }): Promise<string | null | undefined>;
  putSourceBlob(installationId: number, source: { owner: string; repo: string; path: string }, blob: string | null): Promise<void>;
}

export function createRepositoryIndex(store: KeyValueStore): RepositoryIndex {
  return {
    store,
    async getRepo(owner, repo) {
      const parsed = RepoEntrySchema.safeParse(await store.get(repoKey(owner, repo)));
      return parsed.success ? parsed.data : undefined;
    },
    putRepo: (entry) => store.set(repoKey(entry.owner, entry.repo), entry),
    forgetRepo: (owner, repo) => store.delete(repoKey(owner, repo)),
    async getListing(installationId, now, maxAgeMs) {
      const parsed = ListingSchema.safeParse(await store.get(installationKey(installationId)));
      if (!parsed.success) return undefined;
      if (now !== undefined && maxAgeMs !== undefined && now.getTime() - Date.parse(parsed.data.listedAt) > maxAgeMs) return undefined;
      return parsed.data.repositories;
    },
    putListing: (installationId, repositories, now) => store.set(installationKey(installationId), { version: 1, repositories, listedAt: now.toISOString() }),
    forgetListing: (installationId) => store.delete(installationKey(installationId)),
    async getSourceBlob(installationId, source) {
      const parsed = z.object({ blob: z.string().nullable() }).safeParse(await store.get(sourceKey(installationId, source)));
      return parsed.success ? parsed.data.blob : undefined;
    },
    putSourceBlob: (installationId, source, blob) => store.set(sourceKey(installationId, source), { blob }),
  };
}
