// The embedded engine: the work queue in this process's memory. No dependency, no Redis. A
// graceful shutdown works what was queued before exiting; a crash loses it (start-up catch-up redelivers the failed webhook deliveries, and
// the next pass finds what was left). Same contract as the BullMQ engine (work-queue.ts).
import { decideRetry, describeError, DEFAULT_BACKOFF } from './retry-policy.ts';
import type { BackoffOptions } from './retry-policy.ts';
import { DEFAULT_ATTEMPTS, FAILED_KEPT, FINISHED_RETENTION_MS, JOB_PRIORITY } from './work-queue.ts';
import type { FailedJob, JobEvent, JobHandler, JobOutcome, JobSpec, QueueCounts, WorkQueue } from './work-queue.ts';

export interface EmbeddedQueueOptions {
  /** Jobs run at once in all. Default 16. */
  concurrency?: number;
  backoff?: BackoffOptions;
  /** How long a finished job keeps its key. */
  retentionMs?: number;
  onEvent?: (event: JobEvent) => void;
  now?: () => number;
}

interface Entry {
  spec: JobSpec;
  seq: number;
  state: 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';
  attempt: number;
  result?: unknown;
  reason?: string;
  finishedAt?: number;
  timer?: ReturnType<typeof setTimeout>;
}

export function createEmbeddedQueue(options: EmbeddedQueueOptions = {}): WorkQueue {
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const retention = options.retentionMs ?? FINISHED_RETENTION_MS;
  const now = options.now ?? Date.now;
  const jobs = new Map<string, Entry>();
  const groupsActive = new Map<string, number>();
  const inHand = new Set<Promise<void>>();
  let handlers: Readonly<Record<string, JobHandler>> | undefined;
  let seq = 0;
  let active = 0;
  let closed = false;

  function prune(): void {
    const cutoff = now() - retention;
    let failed = 0;
    for (const [key, entry] of [...jobs].reverse()) {
      if (entry.finishedAt === undefined) continue;
      if (entry.state === 'failed') failed += 1;
      if (entry.finishedAt < cutoff || (entry.state === 'failed' && failed > FAILED_KEPT)) jobs.delete(key);
    }
  }

  function groupFree(spec: JobSpec): boolean {
    return spec.group === undefined || (groupsActive.get(spec.group) ?? 0) < (spec.groupConcurrency ?? 1);
  }

  function next(): Entry | undefined {
    let best: Entry | undefined;
    for (const entry of jobs.values()) {
      if (entry.state !== 'waiting' || !groupFree(entry.spec)) continue;
      const priority = entry.spec.priority ?? JOB_PRIORITY.delivery;
      if (best === undefined || priority < (best.spec.priority ?? JOB_PRIORITY.delivery) || (priority === (best.spec.priority ?? JOB_PRIORITY.delivery) && entry.seq < best.seq)) best = entry;
    }
    return best;
  }

  function pump(): void {
    while (handlers !== undefined && active < concurrency) {
      const entry = next();
      if (entry === undefined) return;
      const run = execute(entry).finally(() => {
        inHand.delete(run);
        pump();
      });
      inHand.add(run);
    }
  }

  async function execute(entry: Entry): Promise<void> {
    const { spec } = entry;
    entry.state = 'active';
    entry.attempt += 1;
    active += 1;
    if (spec.group !== undefined) groupsActive.set(spec.group, (groupsActive.get(spec.group) ?? 0) + 1);
    const started = performance.now();
    const event = (outcome: JobEvent['outcome'], reason?: string) =>
      options.onEvent?.({ kind: spec.kind, key: spec.key, outcome, attempt: entry.attempt, seconds: (performance.now() - started) / 1000, ...(reason === undefined ? {} : { reason }) });
    try {
      const handler = handlers?.[spec.kind];
      if (handler === undefined) throw new Error(`no handler for jobs of kind ${spec.kind}`);
      entry.result = await handler({ kind: spec.kind, key: spec.key, data: spec.data, attempt: entry.attempt });
      entry.state = 'completed';
      entry.finishedAt = now();
      event('completed');
    } catch (error) {
      const decision = closed ? { retry: false as const, reason: `stopped: ${describeError(error)}` } : decideRetry(error, entry.attempt, spec.attempts ?? DEFAULT_ATTEMPTS, backoff);
      if (decision.retry) {
        entry.state = 'delayed';
        event('retried', describeError(error));
        entry.timer = setTimeout(() => {
          entry.timer = undefined;
          if (entry.state === 'delayed') entry.state = 'waiting';
          pump();
        }, decision.delayMs);
        entry.timer.unref?.();
      } else {
        entry.state = 'failed';
        entry.reason = decision.reason;
        entry.finishedAt = now();
        event('failed', decision.reason);
      }
    } finally {
      active -= 1;
      if (spec.group !== undefined) {
        const left = (groupsActive.get(spec.group) ?? 1) - 1;
        if (left <= 0) groupsActive.delete(spec.group);
        else groupsActive.set(spec.group, left);
      }
    }
  }

  return {
    engine: 'embedded',
    async add(spec) {
      if (closed) throw new Error('the work queue is closed');
      prune();
      if (jobs.has(spec.key)) return false;
      jobs.set(spec.key, { spec, seq: (seq += 1), state: 'waiting', attempt: 0 });
      pump();
      return true;
    },
    work(given) {
      if (handlers !== undefined) throw new Error('the work queue is already working');
      handlers = given;
      pump();
    },
    async outcome(key): Promise<JobOutcome | undefined> {
      const entry = jobs.get(key);
      if (entry === undefined) return undefined;
      if (entry.state === 'completed') return { state: 'completed', result: entry.result };
      if (entry.state === 'failed') return { state: 'failed', reason: entry.reason ?? 'failed' };
      return { state: 'pending' };
    },
    async counts(): Promise<QueueCounts> {
      const counts: QueueCounts = { waiting: 0, active: 0, delayed: 0, failed: 0, completed: 0 };
      for (const entry of jobs.values()) counts[entry.state] += 1;
      return counts;
    },
    async failed(limit = 100): Promise<FailedJob[]> {
      return [...jobs.values()]
        .filter((entry) => entry.state === 'failed')
        .sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0) || b.seq - a.seq)
        .slice(0, limit)
        .map((entry) => ({ kind: entry.spec.kind, key: entry.spec.key, reason: entry.reason ?? 'failed', attempts: entry.attempt, failedAt: entry.finishedAt ?? 0 }));
    },
    async ready() {
      return !closed;
    },
    /** Takes no more jobs, drops the delayed retries, and works what waits until none is left (the caller bounds it). */
    async close() {
      closed = true;
      for (const entry of jobs.values()) {
        if (entry.timer === undefined) continue;
        clearTimeout(entry.timer);
        entry.state = 'failed';
        entry.reason = 'stopped: the process shut down before its retry';
        entry.finishedAt = now();
      }
      while (inHand.size > 0) await Promise.allSettled([...inHand]);
    },
  };
}
