// The one composition root: from checked settings, the logger, the runtime, the Probot class
// and the pass runner's wiring (with the repository index's store), for both `npm start`
// (start-server.ts) and `freshpin cycle`.
import type { Logger } from 'pino';
import type { Probot } from 'probot';
import { automergeAfterScan, automergeStep } from '../services/merging/automerge.ts';
import { createPassRunner } from '../services/passes/run-pass.ts';
import type { PassHost, PassOptions, PassRunner } from '../services/passes/run-pass.ts';
import type { RepoStep } from '../services/repo-job.ts';
import { reconcileScansStep } from '../services/scans/reconcile-scans.ts';
import { reconcileCommandsStep } from '../services/commands/reconcile-commands.ts';
import type { PublishScanOptions } from '../services/scans/publish-scan-result.ts';
import type { AppSettings } from '../settings/read-app-settings.ts';
import { createStore } from '../store/file-store.ts';
import { createRedisStore } from '../store/redis-store.ts';
import { createAppRuntime } from './app-runtime.ts';
import type { AppRuntime, RuntimeOptions } from './app-runtime.ts';
import { createLogger } from './create-logger.ts';
import { createProbotClass } from './create-probot-class.ts';
import { createWorkQueue } from './create-work-queue.ts';
import type { WorkQueue } from '../queue/work-queue.ts';

/** How a scan is published: a passed scan goes to automerge (a no-op unless the config says `automerge: true`). */
export const PUBLISH_SCAN: PublishScanOptions = { afterPassed: automergeAfterScan };

/** Per-repository steps a pass runs after the bump check, in order. */
export function passSteps(): RepoStep[] {
  return [
    // Posts scan results whose workflow_run webhook was missed.
    reconcileScansStep(PUBLISH_SCAN),
    // Runs commands whose webhook was lost (no reply, no final reaction).
    reconcileCommandsStep(),
    // Merges bump PRs whose scan passed, when the repository's config says `automerge: true`.
    automergeStep(),
  ];
}

/** The pass runner over `host`'s installations, with the app's steps. */
export function createAppPassRunner(host: PassHost, runtime: AppRuntime, options: PassOptions = {}): PassRunner {
  return createPassRunner(host, runtime, passSteps(), options);
}

export interface AppComposition {
  log: Logger;
  runtime: AppRuntime;
  ProbotClass: typeof Probot;
  createPasses(host: PassHost): PassRunner;
  /** The work queue (embedded, or BullMQ on REDIS_URL), made on first use; the caller closes it. */
  workQueue(): WorkQueue;
}

/** Builds what the server and `freshpin cycle` run; `runtime` options are for tests and benches. */
export function composeApp(settings: AppSettings, runtime: Partial<RuntimeOptions> = {}): AppComposition {
  const log = createLogger({ level: settings.logLevel, format: settings.logFormat });
  const { statePath, rateReserve } = settings.incremental;
  // The repository index (a cache): in Redis, shared by the replicas, when REDIS_URL is set; else
  // in FRESHPIN_STATE between processes, or in memory.
  const redisUrl = settings.queue.redisUrl;
  const store =
    redisUrl !== undefined
      ? createRedisStore({ url: redisUrl, prefix: settings.queue.prefix, onError: (error) => log.warn({ err: error }, 'the repository index in Redis could not be used; it is a cache, freshpin goes on without it') })
      : createStore(statePath, { onProblem: ({ action, error }) => log.warn({ err: error, action, path: statePath }, 'the repository index file could not be used; it is a cache, freshpin goes on without it') });
  const built = createAppRuntime({ registry: settings.registry, now: settings.now, store, ...runtime });
  let queue: WorkQueue | undefined;
  return {
    workQueue: () => (queue ??= createWorkQueue(settings.queue, built.metrics, log)),
    log,
    runtime: built,
    ProbotClass: createProbotClass(settings, log),
    createPasses: (host) => createAppPassRunner(host, built, { rateReserve }),
  };
}
