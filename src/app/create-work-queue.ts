// The app's work queue, from its settings: BullMQ on REDIS_URL, or the embedded engine. Job
// events become metrics (freshpin_jobs_total, freshpin_job_duration_seconds) and log lines: a
// retry says why and when, a failure names its reason (what the failed set keeps).
import type { Logger } from 'pino';
import type { Metrics } from '../ops/metrics.ts';
import { createBullmqQueue } from '../queue/bullmq-queue.ts';
import { createEmbeddedQueue } from '../queue/embedded-queue.ts';
import type { JobEvent, WorkQueue } from '../queue/work-queue.ts';
import type { QueueSettings } from '../settings/read-queue-settings.ts';
import { redisTarget } from '../settings/read-queue-settings.ts';

/** Jobs one process works at once. */
export const WORKER_CONCURRENCY = 16;

export function createWorkQueue(settings: QueueSettings, metrics: Metrics, log: Logger): WorkQueue {
  const queueLog = log.child({ component: 'queue' });
  const onEvent = (event: JobEvent) => {
    metrics.jobs.inc({ kind: event.kind, outcome: event.outcome });
    metrics.jobDuration.observe({ kind: event.kind, outcome: event.outcome }, event.seconds);
    const facts = { kind: event.kind, key: event.key.slice(0, 200), attempt: event.attempt, seconds: Math.round(event.seconds * 1000) / 1000 };
    if (event.outcome === 'failed') queueLog.error({ ...facts, reason: event.reason }, 'job failed');
    else if (event.outcome === 'retried') queueLog.warn({ ...facts, reason: event.reason }, 'job will be retried');
    else queueLog.debug(facts, 'job completed');
  };
  let queue: WorkQueue;
  if (settings.redisUrl === undefined) {
    queue = createEmbeddedQueue({ concurrency: WORKER_CONCURRENCY, onEvent });
  } else {
    let lastError = 0;
    queue = createBullmqQueue({
      url: settings.redisUrl,
      prefix: settings.prefix,
      concurrency: WORKER_CONCURRENCY,
      lockDurationMs: settings.jobLockMs,
      stalledIntervalMs: Math.max(1_000, Math.round(settings.jobLockMs / 2)),
      onEvent,
      // Redis errors repeat while it is away: one line every 10 s is enough (and /readyz says so).
      onError: (error) => {
        if (Date.now() - lastError < 10_000) return;
        lastError = Date.now();
        queueLog.error({ err: error, redis: redisTarget(settings.redisUrl ?? '') }, 'Redis error');
      },
    });
  }
  metrics.setQueueSource(() => queue.counts() as unknown as Promise<Record<string, number>>);
  return queue;
}
