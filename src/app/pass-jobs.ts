// The pass as a work queue job. With Redis, the schedule is a BullMQ job scheduler: each tick
// adds one `pass` job, which one replica takes, whichever fires first; a replica killed during
// the pass has its job handed to another by the stalled-job check (every repository's steps are
// idempotent, so what was done is found done). `freshpin cycle` adds one and waits for it.
// On Redis the pass job selects the repositories (listing, change probe, rate budget) and fans
// each out as a `repository` job (key `repo:<pass>:<owner>/<repo>`, below commands and scans,
// grouped per installation), worked by every replica; it waits for them and sums their outcomes.
import type { Logger } from 'pino';
import type { JobHandler, JobSpec, WorkQueue } from '../queue/work-queue.ts';
import { JOB_PRIORITY, ReleasedJobError } from '../queue/work-queue.ts';
import type { PassFanOut, PassMode, PassRunner, PassSummary } from '../services/passes/run-pass.ts';
import type { RepoCheck, RepoCheckOutcome } from '../services/passes/check-one-repository.ts';

export const PASS_JOB = 'pass';
export const REPOSITORY_JOB = 'repository';
/** Repository jobs of one installation running at once across the replicas (GitHub's limits are per installation). */
export const REPOSITORY_GROUP_CONCURRENCY = 48;
/** Repository jobs a pass keeps queued or running at once (what the replicas share). */
export const REPOSITORY_IN_FLIGHT = 48;
/** Tries of a repository job: its check retries within; more tries only for a replica stopped or killed under it. */
export const REPOSITORY_ATTEMPTS = 3;
/** The job schedulers' ids: one per queue (prefix), whatever the replicas: the weekly full pass, the incremental pass. */
export const PASS_SCHEDULER_ID = 'freshpin-pass';
export const PROBE_SCHEDULER_ID = 'freshpin-incremental-pass';
/** Tries of a pass job: a pass stopped by a shutdown is released and taken up by another replica. */
export const PASS_ATTEMPTS = 3;

/** The template of a pass job (the scheduler gives each its own id). */
export function passJobTemplate(mode: PassMode = 'full'): Omit<JobSpec, 'key'> {
  // One pass at a time across the replicas: a tick that finds a pass running waits for it.
  return { kind: PASS_JOB, data: { mode }, priority: JOB_PRIORITY.pass, attempts: PASS_ATTEMPTS, group: 'pass', groupConcurrency: 1 };
}

/** The mode a pass job asks for: `incremental` when it says so, else the full pass. */
function modeOf(data: unknown): PassMode {
  return typeof data === 'object' && data !== null && (data as { mode?: unknown }).mode === 'incremental' ? 'incremental' : 'full';
}

/** The dedupe key of a repository's job within a pass: a pass taken up again finds its jobs queued or done. */
export function repositoryJobKey(passKey: string, check: Pick<RepoCheck, 'repo'>): string {
  return `repo:${passKey}:${check.repo.owner}/${check.repo.repo}`;
}

/** Queues each selected repository as a job and waits for its outcome (a failed job counts as a failed repository). */
export function queueFanOut(queue: WorkQueue, passKey: string, pollMs = 250, signal?: AbortSignal): PassFanOut {
  return {
    inFlight: REPOSITORY_IN_FLIGHT,
    async dispatch(check) {
      const key = repositoryJobKey(passKey, check);
      await queue.add({ kind: REPOSITORY_JOB, key, data: { pass: passKey, check }, priority: JOB_PRIORITY.repository, group: `installation:${check.installationId}`, groupConcurrency: REPOSITORY_GROUP_CONCURRENCY, attempts: REPOSITORY_ATTEMPTS });
      const outcome = await waitForJob(queue, key, pollMs, signal);
      if (outcome.state === 'failed') return 'failed';
      const result = outcome.result as { outcome?: RepoCheckOutcome } | null;
      return result?.outcome ?? 'failed';
    },
  };
}

/** Works one repository job: the pass's per-repository step, on whichever replica took it. */
export function repositoryJobHandler(passes: PassRunner): JobHandler {
  return async (job) => {
    const { pass, check } = job.data as { pass: string; check: RepoCheck };
    return { outcome: await passes.checkQueued(check, pass) };
  };
}

/**
 * Runs the pass (on Redis, `queue` given: its repositories as jobs); a pass this process is
 * already running answers `{ skipped: true }`. `signal` is the process's stop: the pass then
 * stops waiting for its repository jobs (they stay queued) and is released to another replica.
 */
export function passJobHandler(passes: PassRunner, log: Logger, queue?: WorkQueue, signal?: AbortSignal): JobHandler {
  return async (job) => {
    log.info({ job: job.key, attempt: job.attempt }, 'pass job started');
    const summary: PassSummary | undefined = await passes.run({ mode: modeOf(job.data), ...(queue?.engine === 'bullmq' ? { fanOut: queueFanOut(queue, job.key, 250, signal) } : {}) });
    if (summary === undefined) return { skipped: true };
    // Stopped by a shutdown: released, so another replica finishes the pass (its repository jobs are found by key).
    if (summary.stopped || signal?.aborted === true) throw new ReleasedJobError('the pass was stopped by a shutdown before every repository was checked');
    return summary;
  };
}

/** Puts the schedule on the queue's job scheduler (replaces any earlier one: the last replica started sets it). */
export async function schedulePasses(queue: WorkQueue, cron: string, options: { id?: string; mode?: PassMode } = {}): Promise<boolean> {
  if (queue.schedule === undefined) return false;
  await queue.schedule(options.id ?? PASS_SCHEDULER_ID, { pattern: cron }, passJobTemplate(options.mode ?? 'full'));
  return true;
}

/** Polls until the job with `key` is finished (its outcome), or until `signal` stops the process. */
export async function waitForJob(queue: WorkQueue, key: string, pollMs = 500, signal?: AbortSignal): Promise<{ state: 'completed'; result: unknown } | { state: 'failed'; reason: string }> {
  for (;;) {
    if (signal?.aborted === true) return { state: 'failed', reason: 'this process is stopping; the job stays queued' };
    const outcome = await queue.outcome(key);
    if (outcome !== undefined && outcome.state !== 'pending') return outcome;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
