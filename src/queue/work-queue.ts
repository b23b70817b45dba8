// The work queue: one interface, two engines. Embedded (embedded-queue.ts, the default: in this
// process, no new dependency) and BullMQ on Redis (bullmq-queue.ts, when REDIS_URL is set: every
// process with the same REDIS_URL is a replica that takes jobs). Both honour the same contract
// (test/queue/work-queue-contract.ts): a job's key dedupes it, transient failures are retried
// with exponential backoff and jitter (Retry-After honoured), permanent ones land in the failed
// set at once with their reason, priorities order the waiting jobs, and a group (an
// installation, a pull request) bounds how many of its jobs run at once.

/** Lower runs first (BullMQ's convention). Commands and scan publications go ahead of pass work. */
export const JOB_PRIORITY = {
  command: 1,
  scan: 2,
  delivery: 3,
  pass: 4,
  repository: 10,
} as const;

export interface JobSpec {
  /** Which handler runs it (`work`'s handlers are keyed by kind). */
  kind: string;
  /** Dedupe key: while a job with this key is queued, running, or finished within the retention, adding it again is a no-op. */
  key: string;
  /** JSON data handed to the handler. */
  data: unknown;
  /** Lower runs first; default JOB_PRIORITY.delivery. */
  priority?: number;
  /** Jobs of one group run at most `groupConcurrency` at once (default 1: serialised). */
  group?: string;
  groupConcurrency?: number;
  /** Tries in all, the first included; default DEFAULT_ATTEMPTS. */
  attempts?: number;
}

export interface JobContext {
  kind: string;
  key: string;
  data: unknown;
  /** 1 on the first try. */
  attempt: number;
}

export type JobHandler = (job: JobContext) => Promise<unknown>;

export interface FailedJob {
  kind: string;
  key: string;
  reason: string;
  attempts: number;
  failedAt: number;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
}

export type JobOutcome = { state: 'completed'; result: unknown } | { state: 'failed'; reason: string } | { state: 'pending' };

/** What a job's life reports, for metrics and logs. */
export interface JobEvent {
  kind: string;
  key: string;
  outcome: 'completed' | 'retried' | 'failed';
  seconds: number;
  attempt: number;
  reason?: string;
}

export interface WorkQueue {
  readonly engine: 'embedded' | 'bullmq';
  /** Adds a job unless one with its key exists; true when added. */
  add(spec: JobSpec): Promise<boolean>;
  /** Starts working jobs with these handlers (by kind). Call once. */
  work(handlers: Readonly<Record<string, JobHandler>>): void;
  /** Where the job with `key` stands; undefined when no such job is known (never added, or past the retention). */
  outcome(key: string): Promise<JobOutcome | undefined>;
  counts(): Promise<QueueCounts>;
  /** The most recent failed jobs, newest first. */
  failed(limit?: number): Promise<FailedJob[]>;
  /** False while the backing store is unreachable (the embedded queue is always ready). */
  ready(): Promise<boolean>;
  /** Runs `spec` on `schedule` once across every replica (BullMQ job scheduler); embedded engines keep node-cron. */
  schedule?(id: string, schedule: { pattern: string } | { everyMs: number }, spec: Omit<JobSpec, 'key'>): Promise<void>;
  /** Stops taking jobs and waits for those in hand (the caller bounds the wait); then releases connections. */
  close(): Promise<void>;
}

/** Tries in all for a job, the first included. */
export const DEFAULT_ATTEMPTS = 5;
/** How long finished jobs keep their key (a redelivery within this is a no-op). */
export const FINISHED_RETENTION_MS = 24 * 3600 * 1000;
/** How many failed jobs are kept for /metrics and the logs. */
export const FAILED_KEPT = 1000;

/** Thrown by a handler for a failure that another try cannot fix. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** Thrown by a handler that gives its job back unfinished (a shutdown): another try, here or on a replica, takes it up. */
export class ReleasedJobError extends Error {
  override name = 'ReleasedJobError';
}
