// `freshpin cycle` with REDIS_URL: one pass through the shared work queue. It adds one pass job
// (the replicas' queue: whichever worker is free takes it, this process included), works jobs
// alongside the replicas until that pass is finished, and says how it went: 0, or 1 when a
// repository failed after its retries (or the pass job itself failed).
import type { Probot } from 'probot';
import type { PassMode, PassSummary } from '../services/passes/run-pass.ts';
import type { AppComposition } from './compose-app.ts';
import { DELIVERY_JOB, deliveryHandler } from './delivery-jobs.ts';
import { freshpinApp } from './freshpin-app.ts';
import { PASS_JOB, REPOSITORY_JOB, passJobHandler, passJobTemplate, repositoryJobHandler, waitForJob } from './pass-jobs.ts';

export interface QueuedCycleResult {
  summary?: PassSummary;
  /** Why the pass job failed, when it did. */
  failure?: string;
}

/** Adds one pass job, works the queue until it is finished, closes the queue. */
export async function runCycleOnQueue(composition: AppComposition, mode: PassMode = 'incremental', now: () => Date = () => new Date()): Promise<QueuedCycleResult> {
  const { log, runtime, ProbotClass, createPasses } = composition;
  const probot: Probot = new ProbotClass();
  // The app's handlers, so that delivery jobs this process takes are worked as the server would.
  await probot.load(freshpinApp(runtime, { schedulerRunning: () => true, shuttingDown: () => false }), { cwd: process.cwd(), addHandler: () => undefined });
  const passes = createPasses(probot);
  const queue = composition.workQueue();
  const stop = () => runtime.stop();
  process.once('SIGTERM', stop);
  try {
    queue.work({ [DELIVERY_JOB]: deliveryHandler(probot), [PASS_JOB]: passJobHandler(passes, log, queue, runtime.signal), [REPOSITORY_JOB]: repositoryJobHandler(passes) });
    const key = `pass:cycle:${now().toISOString()}`;
    await queue.add({ ...passJobTemplate(mode), key });
    log.info({ job: key }, 'pass queued; working the queue until it is finished');
    const outcome = await waitForJob(queue, key);
    if (outcome.state === 'failed') return { failure: outcome.reason };
    const result = outcome.result as PassSummary | { skipped: true } | null;
    return result !== null && 'repositories' in result ? { summary: result } : { failure: 'the pass was skipped' };
  } finally {
    process.removeListener('SIGTERM', stop);
    await queue.close();
  }
}
