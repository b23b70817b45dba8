// What every per-repository recipe receives: the installation's client, the repository,
// the app's identity, a child logger, the clock and the shared adapters.
import type { Logger } from 'pino';
import type { GitHubClient, RepoRef } from '../github/github-client.ts';
import type { AppIdentity } from '../github/installations.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { TagSource } from '../registry/tag-source.ts';

export interface RepoJob {
  octokit: GitHubClient;
  repo: RepoRef;
  app: AppIdentity;
  log: Logger;
  now: Date;
  tagSource: TagSource;
  metrics?: Metrics;
  /** Waits between dispatch run-search polls (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}
