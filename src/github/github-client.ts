// The Octokit type every adapter in src/github takes, and the repository reference
// they all address. Adapters are plain functions over these two values.
import type { ProbotOctokit } from 'probot';

/** An authenticated Probot Octokit (installation token, or the app JWT for app-level calls). */
export type GitHubClient = InstanceType<typeof ProbotOctokit>;

/** A repository by owner login and name, e.g. `{ owner: 'octo-org', repo: 'octo-repo' }`. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** `owner/repo`, for messages. */
export function formatRepoRef(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}
