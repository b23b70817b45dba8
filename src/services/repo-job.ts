// What every per-repository recipe receives: the installation's client, the repository,
// the app's identity, a child logger, the clock, the shared adapters and the runtime's queues.
// The one shared vocabulary of src/services/: every capability folder imports it.
import type { Logger } from 'pino';
import type { FreshpinConfig } from '../core/config/config-schema.ts';
import type { GitHubClient, RepoRef } from '../github/github-client.ts';
import type { AppIdentity } from '../github/installations.ts';
import type { PullSummary } from '../github/pull-requests.ts';
import type { Metrics } from '../ops/metrics.ts';
import type { TagSource } from '../registry/tag-source.ts';
import type { KeyedQueue } from './keyed-queue.ts';

/** The runtime's per-PR queues (members of the runtime, handed to every job). */
export interface JobQueues {
  /** Comment commands and automerge on one PR, one after the other. */
  pulls: KeyedQueue;
  /** Scan publications of one PR, one after the other (two webhooks, or a webhook and a pass). */
  scans: KeyedQueue;
}

export interface RepoJob {
  octokit: GitHubClient;
  repo: RepoRef;
  app: AppIdentity;
  log: Logger;
  now: Date;
  tagSource: TagSource;
  metrics?: Metrics;
  queues: JobQueues;
  /** What this job has read once and reuses (the config, PR listings); copies of the job share it. */
  memo: JobMemo;
  /** The runtime's cache of the Dockerfiles read at a commit. */
  commitFiles: CommitFilesCache;
  /** Waits between dispatch run-search polls (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
}

/** Extra per-repository work a pass runs after the bump check (e.g. scan reconciliation). */
export type RepoStep = (job: RepoJob) => Promise<void>;

export type ConfigState = { kind: 'missing' } | { kind: 'invalid'; errors: string[] } | { kind: 'ok'; config: FreshpinConfig };

/** A job's reads, made once: the bump check, scan reconciliation and automerge of one repository share them. */
export interface JobMemo {
  config?: Promise<ConfigState>;
  /** The app's open PRs, by branch prefix. */
  openPulls: Map<string, Promise<PullSummary[]>>;
}

export function createJobMemo(): JobMemo {
  return { openPulls: new Map() };
}

/** The Dockerfiles read at one commit (with the warnings their reading gave). */
export interface CommitFiles {
  files: Array<{ path: string; text: string }>;
  warnings: string[];
  bytes: number;
}

/** What a commit holds never changes: a bounded cache of it, least recently used first out. */
export interface CommitFilesCache {
  get(key: string): CommitFiles | undefined;
  set(key: string, entry: CommitFiles): void;
}

export function createCommitFilesCache(maxEntries = 4096, maxBytes = 16 * 1024 * 1024): CommitFilesCache {
  const entries = new Map<string, CommitFiles>();
  let bytes = 0;
  return {
    get(key) {
      const found = entries.get(key);
      if (found !== undefined) {
        entries.delete(key);
        entries.set(key, found);
      }
      return found;
    },
    set(key, entry) {
      bytes -= entries.get(key)?.bytes ?? 0;
      entries.delete(key);
      entries.set(key, entry);
      bytes += entry.bytes;
      while (entries.size > maxEntries || bytes > maxBytes) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        bytes -= entries.get(oldest.value)?.bytes ?? 0;
        entries.delete(oldest.value);
      }
    },
  };
}
