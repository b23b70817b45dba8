// The freshpin server, as a recipe: 1. settings (refuse to start on a bad one); 2. logger and
// runtime; 3. Probot server with the app and ops endpoints; 4. the weekly schedule;
// 5. graceful shutdown on SIGTERM/SIGINT.
import cron from 'node-cron';
import type { Probot } from 'probot';
import { Server } from 'probot';
import { createPassRunner } from '../services/run-pass.ts';
import { createAppRuntime } from './app-runtime.ts';
import { createLogger } from './create-logger.ts';
import { createProbotClass } from './create-probot-class.ts';
import { freshpinApp } from './freshpin-app.ts';
import { readAppSettings } from './read-app-settings.ts';
import { passSteps } from './pass-steps.ts';

export const SHUTDOWN_BOUND_MS = 25_000;

export async function startServer(env: Readonly<Record<string, string | undefined>>) {
  // 1. Settings.
  const settings = readAppSettings(env);
  // 2. Logger and runtime.
  const log = createLogger({ level: settings.logLevel, format: settings.logFormat });
  const runtime = createAppRuntime({ registry: settings.registry, now: settings.now });
  // 3. Server.
  const schedule: { task?: ReturnType<typeof cron.schedule> } = {};
  let shuttingDown = false;
  let probot: Probot | undefined;
  const server = new Server({ Probot: createProbotClass(settings, log), port: settings.port, host: settings.host, log, enableStaticFiles: false });
  const appFn = freshpinApp(runtime, { schedulerRunning: () => schedule.task !== undefined && !shuttingDown, shuttingDown: () => shuttingDown });
  await server.load(async (app, options) => {
    probot = app;
    await appFn(app, options);
  });
  await server.start();
  if (probot === undefined) throw new Error('the Probot app did not load');
  const passes = createPassRunner(probot, runtime, passSteps(runtime));
  // 4. Schedule.
  schedule.task = cron.schedule(settings.cron, () => void passes.run().catch((error: unknown) => log.error({ err: error }, 'pass failed')), { timezone: 'UTC', noOverlap: true });
  log.info({ cron: settings.cron, port: server.port, githubBaseUrl: settings.githubBaseUrl ?? 'https://api.github.com' }, 'freshpin started');
  // 5. Shutdown.
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    runtime.stopRequested = true;
    log.info({ signal, passRunning: passes.running }, 'shutting down');
    await schedule.task?.stop();
    const bound = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_BOUND_MS).unref());
    await Promise.race([passes.idle(), bound]);
    await server.stop().catch(() => undefined);
    log.info('stopped');
    log.flush();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return { server, passes, runtime, log };
}
