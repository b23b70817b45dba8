// The freshpin server, as a recipe: 1. logger, runtime, Probot class and work queue from the composition
// root (compose-app.ts; settings were checked by the caller); 2. Probot server with the app and the ops endpoints,
// webhooks queued and answered 202, the queue worked; 3. the schedule (BullMQ's with Redis, node-cron embedded);
// 4. graceful shutdown on SIGTERM/SIGINT: stop taking work, let the repositories in progress
// finish (within a bound), flush the logs, exit 0.
import type { IncomingMessage, ServerResponse } from 'node:http';
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Probot } from 'probot';
import { Server } from 'probot';
import type { PassRunner } from '../services/passes/run-pass.ts';
import type { AppRuntime } from './app-runtime.ts';
import { composeApp } from './compose-app.ts';
import { freshpinApp } from './freshpin-app.ts';
import { startMetricsServer } from './metrics-server.ts';
import { createWebhookIntake } from './webhook-intake.ts';
import type { WebhookEvent } from './webhook-intake.ts';
import { DELIVERY_JOB, deliveryHandler, deliveryJob } from './delivery-jobs.ts';
import { PASS_JOB, PROBE_SCHEDULER_ID, REPOSITORY_JOB, passJobHandler, repositoryJobHandler, schedulePasses } from './pass-jobs.ts';
import { CATCH_UP_INTERVAL_MS, createCatchUp } from './redeliver-failed.ts';
import type { WorkQueue } from '../queue/work-queue.ts';
import { isLoopbackHost } from '../core/net/is-loopback-host.ts';
import type { AppSettings } from '../settings/read-app-settings.ts';

export interface RunningServer {
  server: Server;
  passes: PassRunner;
  runtime: AppRuntime;
  /** The work queue webhooks and (with Redis) passes go through. */
  workQueue: WorkQueue;
  log: Logger;
  /** What SIGTERM and SIGINT call; resolves after `exit` was called. */
  shutdown(signal: string): Promise<void>;
}

export interface ServerOptions {
  /** Called once shutdown is complete; `process.exit` by default. */
  exit?: (code: number) => void;
}

type NodeMiddleware = Awaited<ReturnType<Probot['getNodeMiddleware']>>;

/**
 * A Probot whose webhook endpoint is freshpin's intake (webhook-intake.ts: the body bounded
 * before it is buffered, the signature checked against the current and previous secrets), and
 * answers 503 once shutdown has begun: no new work comes in.
 */
function drainingProbotClass(Base: typeof Probot, settings: AppSettings, log: Logger, draining: () => boolean, enqueue: (event: WebhookEvent) => Promise<unknown>) {
  const secrets = settings.webhookSecretPrevious === undefined ? [settings.webhookSecret] : [settings.webhookSecret, settings.webhookSecretPrevious];
  return class DrainingProbot extends Base {
    override async getNodeMiddleware(options?: Parameters<Probot['getNodeMiddleware']>[0]) {
      const middleware: NodeMiddleware = await super.getNodeMiddleware(options);
      const probot = this as unknown as Probot;
      const webhookPath = options?.path ?? probot.webhookPath;
      const intake = createWebhookIntake({ secrets, log, receive: (event) => probot.receive(event as Parameters<Probot['receive']>[0]), enqueue });
      const guarded: NodeMiddleware = async (req, res, next) => {
        const request = req as IncomingMessage;
        const response = res as ServerResponse;
        if (webhookPathOf(request.url) !== trimTrailingSlashes(webhookPath)) return middleware(req, res, next);
        if (draining()) {
          response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '30', connection: 'close' });
          response.end(JSON.stringify({ error: 'freshpin is shutting down; redeliver this webhook later' }));
          response.once('finish', () => request.destroy());
          return true;
        }
        await intake(request, response);
        return true;
      };
      return guarded;
    }
  };
}

/** `path` without its trailing slashes ("/" when nothing else is left), as @octokit/webhooks trims them. */
function trimTrailingSlashes(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/**
 * The request's path exactly as Probot's webhook middleware (@octokit/webhooks) resolves it:
 * trailing slashes trimmed, then parsed as a URL, so `/./`, `a/../` and `%2e` segments are
 * resolved. Matching it the same way means no spelling of the webhook path can reach Probot's
 * middleware, which reads the whole body before checking anything. Undefined when it does not parse.
 */
export function webhookPathOf(url: string | undefined): string | undefined {
  try {
    return new URL(trimTrailingSlashes(url ?? ''), 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

/** Resolves with 'done' when `work` settles, or 'timeout' after `ms`. */
async function within(work: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, ms));
  });
  try {
    return await Promise.race([work.then(() => 'done' as const, () => 'done' as const), bound]);
  } finally {
    clearTimeout(timer);
  }
}

export async function startServer(settings: AppSettings, options: ServerOptions = {}): Promise<RunningServer> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  // 1. Logger, runtime and Probot class.
  const { log, runtime, ProbotClass, createPasses, workQueue: makeWorkQueue } = composeApp(settings);
  const workQueue = makeWorkQueue();
  const incremental = settings.incremental;
  let shuttingDown = false;
  const schedule: { task?: ScheduledTask; probe?: ScheduledTask; onQueue?: boolean } = {};

  // 2. Server: webhooks, then the ops endpoints added by the app.
  let probot: Probot | undefined;
  const server = new Server({ Probot: drainingProbotClass(ProbotClass, settings, log, () => shuttingDown, (event) => workQueue.add(deliveryJob(event))), port: settings.port, host: settings.host, log, enableStaticFiles: false });
  // With FRESHPIN_CRON=off there is no schedule to run, and readiness does not wait for one.
  const appFn = freshpinApp(runtime, {
    schedulerRunning: () => (settings.cron === undefined || schedule.task !== undefined || schedule.onQueue === true) && !shuttingDown,
    shuttingDown: () => shuttingDown,
    ...(workQueue.engine === 'bullmq' ? { queueReady: () => workQueue.ready() } : {}),
  });
  await server.load(async (app, appOptions) => {
    probot = app;
    await appFn(app, appOptions);
  });
  await server.start();
  if (probot === undefined) throw new Error('the Probot app did not load');
  // /metrics on its own listener (loopback by default), never on the webhook port.
  const metricsServer = settings.metrics === undefined ? undefined : await startMetricsServer(runtime.metrics, settings.metrics);
  if (settings.metrics !== undefined && !isLoopbackHost(settings.metrics.host) && settings.metrics.token === undefined) {
    log.warn({ metricsHost: settings.metrics.host }, 'metrics are served beyond loopback without METRICS_TOKEN: keep that port off the internet');
  }
  const passes = createPasses(probot);
  // Webhook deliveries (and, with Redis, passes) are worked from the queue, after their 202.
  workQueue.work({ [DELIVERY_JOB]: deliveryHandler(probot), [PASS_JOB]: passJobHandler(passes, log, workQueue, runtime.signal), [REPOSITORY_JOB]: repositoryJobHandler(passes) });

  // 3. Schedule (UTC), unless FRESHPIN_CRON=off. With Redis, a BullMQ job scheduler: one pass
  // per tick across every replica. Embedded, node-cron: the task waits for its pass, so
  // node-cron itself skips overlapping ticks.
  if (settings.cron !== undefined && workQueue.engine === 'bullmq') {
    schedule.onQueue = await schedulePasses(workQueue, settings.cron);
  } else if (settings.cron !== undefined) {
    const cronLog = log.child({ component: 'cron' });
    schedule.task = cron.schedule(
      settings.cron,
      async () => {
        if (shuttingDown) return;
        // The weekly pass is the full one: the safety net that revisits every repository.
        await passes.run({ mode: 'full' }).catch((error: unknown) => log.error({ err: error }, 'pass failed'));
      },
      {
        name: 'freshpin-pass',
        timezone: 'UTC',
        noOverlap: true,
        logger: {
          info: (m) => cronLog.info(m),
          // A tick that finds the previous pass still running is skipped (run-pass would skip it too).
          warn: (m) => (m.includes('overlap') ? cronLog.info('a pass is still running; this tick is skipped') : cronLog.warn(m)),
          error: (m, err) => cronLog.error({ err: err ?? m }, String(m)),
          debug: (m) => cronLog.debug(String(m)),
        },
      },
    );
  }
  // 3b. The incremental pass (twice an hour by default): the registry step and the change probe, full
  // jobs only where something changed; a new tag reaches its PRs within the hour. With Redis, a
  // job scheduler of its own (one incremental pass per tick across the replicas).
  if (incremental.probeCron !== undefined && workQueue.engine === 'bullmq') {
    await schedulePasses(workQueue, incremental.probeCron, { id: PROBE_SCHEDULER_ID, mode: 'incremental' });
  } else if (incremental.probeCron !== undefined) {
    schedule.probe = cron.schedule(
      incremental.probeCron,
      async () => {
        if (shuttingDown || passes.running) return;
        await passes.run({ mode: 'incremental' }).catch((error: unknown) => log.error({ err: error }, 'incremental pass failed'));
      },
      { name: 'freshpin-incremental-pass', timezone: 'UTC', noOverlap: true },
    );
  }
  // Embedded: what a crash lost is not in Redis; deliveries GitHub marked failed are asked again, now and hourly.
  let catchUpTimer: ReturnType<typeof setInterval> | undefined;
  if (workQueue.engine === 'embedded') {
    const loaded = probot;
    const catchUp = createCatchUp({ appClient: async () => runtime.prepare(await loaded.auth()), log });
    const run = () => void catchUp().catch((error: unknown) => log.warn({ err: error }, 'failed webhook deliveries could not be listed'));
    run();
    catchUpTimer = setInterval(run, CATCH_UP_INTERVAL_MS);
    catchUpTimer.unref();
  }
  log.info({ cron: settings.cron ?? 'off', probeCron: incremental.probeCron ?? 'off', state: workQueue.engine === 'bullmq' ? 'redis' : (incremental.statePath ?? 'memory'), queue: workQueue.engine, port: server.port, metricsPort: metricsServer?.port ?? 'off', githubBaseUrl: settings.githubBaseUrl ?? 'https://api.github.com', shutdownTimeoutSeconds: settings.shutdownTimeoutMs / 1000 }, 'freshpin started');

  // 4. Shutdown: no new passes or webhooks; the pass in progress starts no other repository and
  // finishes those it is on; then the listener closes and the process exits 0, all within the bound.
  let finished: Promise<void> | undefined;
  const shutdown = (signal: string): Promise<void> => {
    finished ??= (async () => {
      const started = Date.now();
      const deadline = started + settings.shutdownTimeoutMs;
      shuttingDown = true;
      runtime.stop();
      log.info({ signal, passRunning: passes.running, boundSeconds: settings.shutdownTimeoutMs / 1000 }, 'shutting down');
      await schedule.task?.stop();
      await schedule.probe?.stop();
      clearInterval(catchUpTimer);
      if ((await within(passes.idle(), deadline - Date.now())) === 'timeout') {
        log.warn({ boundSeconds: settings.shutdownTimeoutMs / 1000 }, 'the repositories in progress did not finish within the shutdown bound; exiting anyway');
      }
      await schedule.task?.destroy();
      await schedule.probe?.destroy();
      // Deliveries in hand are finished (embedded: those queued too); with Redis, what waits stays for the other replicas.
      if ((await within(workQueue.close(), deadline - Date.now())) === 'timeout') log.warn('the jobs in hand did not finish within the shutdown bound; with Redis another replica takes them up');
      await runtime.index.store.flush();
      await metricsServer?.stop();
      if ((await within(server.stop(), deadline - Date.now())) === 'timeout') log.warn('open connections did not close within the shutdown bound');
      log.info({ signal, seconds: (Date.now() - started) / 1000 }, 'stopped');
      log.flush();
      exit(0);
    })();
    return finished;
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return { server, passes, runtime, workQueue, log, shutdown };
}
