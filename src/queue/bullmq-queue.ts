// The BullMQ engine: the work queue on Redis (REDIS_URL). Every process with the same Redis and
// prefix is a replica: each adds jobs and works them. A job's key is its BullMQ job id, so a
// second add of a queued, running or recently finished job is a no-op; a killed worker's job
// is handed to another replica by BullMQ's stalled-job check; the schedule is a BullMQ job
// scheduler, so it fires once across replicas. Groups (an installation, a pull request) are
// bounded by leased slots in Redis: a job whose group is full goes back to the delayed set.
import { DelayedError, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { decideRetry, describeError, DEFAULT_BACKOFF } from './retry-policy.ts';
import type { BackoffOptions } from './retry-policy.ts';
import { DEFAULT_ATTEMPTS, FAILED_KEPT, FINISHED_RETENTION_MS, JOB_PRIORITY } from './work-queue.ts';
import type { FailedJob, JobEvent, JobHandler, JobOutcome, JobSpec, QueueCounts, WorkQueue } from './work-queue.ts';

export interface BullmqQueueOptions {
  url: string;
  /** Key prefix in Redis; replicas share a queue when they share it. Default `freshpin`. */
  prefix?: string;
  /** Jobs this process runs at once. Default 16. */
  concurrency?: number;
  backoff?: BackoffOptions;
  /** A job whose worker stops renewing its lock for this long is stalled and handed on. Default 30 s. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for. Default 30 s. */
  stalledIntervalMs?: number;
  retentionMs?: number;
  onEvent?: (event: JobEvent) => void;
  onError?: (error: unknown) => void;
}

/** What a BullMQ job carries: the spec, minus what BullMQ keeps itself. */
interface Envelope {
  kind: string;
  key?: string;
  data: unknown;
  group?: string;
  groupConcurrency?: number;
  attempts: number;
}

const QUEUE_NAME = 'work';
const SLOT_LEASE_MS = 60_000;
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** BullMQ ids may not contain ':' nor be integers: keys are encoded, and prefixed. */
export function jobIdOf(key: string): string {
  return `k-${encodeURIComponent(key)}`;
}

export function createBullmqQueue(options: BullmqQueueOptions): WorkQueue {
  const prefix = options.prefix ?? 'freshpin';
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const retention = options.retentionMs ?? FINISHED_RETENTION_MS;
  const onError = options.onError ?? (() => undefined);
  // Commands fail fast (readiness, slots); workers block and reconnect as BullMQ requires.
  const commands = new Redis(options.url, { maxRetriesPerRequest: 1 });
  commands.on('error', onError);
  const queueConnection = new Redis(options.url, { maxRetriesPerRequest: null });
  queueConnection.on('error', onError);
  const queue = new Queue(QUEUE_NAME, { connection: queueConnection, prefix });
  queue.on('error', onError);
  let worker: Worker | undefined;
  let workerConnection: Redis | undefined;

  const slotKey = (group: string, slot: number) => `${prefix}:slots:${group}:${slot}`;

  /** Takes a free slot of the job's group (or the one it already holds); undefined when all are taken. */
  async function takeSlot(group: string, size: number, holder: string): Promise<string | undefined> {
    for (let slot = 0; slot < size; slot += 1) {
      const key = slotKey(group, slot);
      if ((await commands.set(key, holder, 'PX', SLOT_LEASE_MS, 'NX')) === 'OK') return key;
      if ((await commands.get(key)) === holder) {
        await commands.pexpire(key, SLOT_LEASE_MS);
        return key;
      }
    }
    return undefined;
  }

  async function process(handlers: Readonly<Record<string, JobHandler>>, job: Job, token?: string): Promise<unknown> {
    const envelope = job.data as Envelope;
    const key = envelope.key ?? job.id ?? '';
    const attempt = job.attemptsMade + 1;
    let slot: string | undefined;
    if (envelope.group !== undefined) {
      slot = await takeSlot(envelope.group, envelope.groupConcurrency ?? 1, job.id ?? key);
      if (slot === undefined) {
        await job.moveToDelayed(Date.now() + 100 + Math.round(Math.random() * 400), token);
        throw new DelayedError();
      }
    }
    const renew = slot === undefined ? undefined : setInterval(() => void commands.pexpire(slot, SLOT_LEASE_MS).catch(onError), SLOT_LEASE_MS / 3);
    const started = performance.now();
    const event = (outcome: JobEvent['outcome'], reason?: string) =>
      options.onEvent?.({ kind: envelope.kind, key, outcome, attempt, seconds: (performance.now() - started) / 1000, ...(reason === undefined ? {} : { reason }) });
    try {
      const handler = handlers[envelope.kind];
      if (handler === undefined) throw new Error(`no handler for jobs of kind ${envelope.kind}`);
      const result = await handler({ kind: envelope.kind, key, data: envelope.data, attempt });
      event('completed');
      return result ?? null;
    } catch (error) {
      const decision = decideRetry(error, attempt, envelope.attempts, backoff);
      if (decision.retry) {
        event('retried', describeError(error));
        throw error;
      }
      event('failed', decision.reason);
      throw new UnrecoverableError(decision.reason);
    } finally {
      if (renew !== undefined) clearInterval(renew);
      if (slot !== undefined) await commands.eval(RELEASE, 1, slot, job.id ?? key).catch(onError);
    }
  }

  function jobOptions(spec: Omit<JobSpec, 'key'>) {
    return {
      priority: spec.priority ?? JOB_PRIORITY.delivery,
      attempts: spec.attempts ?? DEFAULT_ATTEMPTS,
      backoff: { type: 'freshpin' },
      removeOnComplete: { age: Math.round(retention / 1000) },
      removeOnFail: { age: Math.round((7 * retention) / 1000), count: FAILED_KEPT },
    };
  }

  function envelopeOf(spec: Omit<JobSpec, 'key'> & { key?: string }): Envelope {
    return {
      kind: spec.kind,
      ...(spec.key === undefined ? {} : { key: spec.key }),
      data: spec.data,
      ...(spec.group === undefined ? {} : { group: spec.group, groupConcurrency: spec.groupConcurrency ?? 1 }),
      attempts: spec.attempts ?? DEFAULT_ATTEMPTS,
    };
  }

  return {
    engine: 'bullmq',
    async add(spec) {
      const id = jobIdOf(spec.key);
      if ((await queue.getJob(id)) !== undefined) return false;
      await queue.add(spec.kind, envelopeOf(spec), { ...jobOptions(spec), jobId: id });
      return true;
    },
    work(handlers) {
      if (worker !== undefined) throw new Error('the work queue is already working');
      workerConnection = new Redis(options.url, { maxRetriesPerRequest: null });
      workerConnection.on('error', onError);
      worker = new Worker(QUEUE_NAME, (job, token) => process(handlers, job, token), {
        connection: workerConnection,
        prefix,
        concurrency: Math.max(1, options.concurrency ?? 16),
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        maxStalledCount: 2,
        settings: {
          backoffStrategy: (attemptsMade, _type, error, job) => {
            // process() already chose to retry; this only says when (its attempts are not the bound here).
            void job;
            const decision = decideRetry(error, Math.max(1, attemptsMade), Number.POSITIVE_INFINITY, backoff);
            return decision.retry ? decision.delayMs : backoff.baseMs;
          },
        },
      });
      worker.on('error', onError);
    },
    async outcome(key): Promise<JobOutcome | undefined> {
      const job = await queue.getJob(jobIdOf(key));
      if (job === undefined) return undefined;
      const state = await job.getState();
      // The job was read before its state: it may have finished in between, so its result and
      // reason are read again now that the state says it is done (else a result reads as null).
      if (state === 'completed' || state === 'failed') {
        const done = (await queue.getJob(jobIdOf(key))) ?? job;
        return state === 'completed' ? { state: 'completed', result: done.returnvalue } : { state: 'failed', reason: done.failedReason };
      }
      if (state === 'unknown') return undefined;
      return { state: 'pending' };
    },
    async counts(): Promise<QueueCounts> {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed', 'waiting-children');
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts['waiting-children'] ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
        completed: counts.completed ?? 0,
      };
    },
    async failed(limit = 100): Promise<FailedJob[]> {
      const jobs = await queue.getFailed(0, Math.max(0, limit - 1));
      return jobs
        .filter((job) => job !== undefined)
        .map((job) => {
          const envelope = job.data as Envelope;
          return { kind: envelope.kind, key: envelope.key ?? job.id ?? '', reason: job.failedReason, attempts: job.attemptsMade, failedAt: job.finishedOn ?? 0 };
        })
        .sort((a, b) => b.failedAt - a.failedAt);
    },
    async ready() {
      try {
        return (await Promise.race([commands.ping(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1_000).unref())])) === 'PONG';
      } catch {
        return false;
      }
    },
    async schedule(id, schedule, spec) {
      await queue.upsertJobScheduler(id, 'pattern' in schedule ? { pattern: schedule.pattern, tz: 'UTC' } : { every: schedule.everyMs }, { name: spec.kind, data: envelopeOf(spec), opts: jobOptions(spec) });
    },
    async close() {
      await worker?.close();
      await queue.close();
      for (const connection of [workerConnection, queueConnection, commands]) {
        if (connection === undefined) continue;
        await connection.quit().catch(() => connection.disconnect());
      }
    },
  };
}
