// `freshpin cycle`: one pass of the GitHub App over every installation and repository, then
// exit (for CronJob-style deployments). Same settings as the server, minus the HTTP port.
import { createAppRuntime } from '../app/app-runtime.ts';
import { createLogger } from '../app/create-logger.ts';
import { createProbotClass } from '../app/create-probot-class.ts';
import { passSteps } from '../app/pass-steps.ts';
import { StartupError, readAppSettings } from '../settings/read-app-settings.ts';
import { createPassRunner } from '../services/passes/run-pass.ts';
import type { CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';

export async function runCycle(argv: string[], io: CliIo): Promise<number> {
  if (argv.length > 0) throw new UsageError(`cycle takes no arguments, got ${argv.join(' ')}`);
  let settings;
  try {
    settings = readAppSettings(io.env);
  } catch (error) {
    if (error instanceof StartupError) throw new UsageError(`cannot run: ${error.message}`);
    throw error;
  }
  const log = createLogger({ level: settings.logLevel, format: settings.logFormat });
  const runtime = createAppRuntime({ registry: settings.registry, now: settings.now });
  const ProbotClass = createProbotClass(settings, log);
  const probot = new ProbotClass();
  const passes = createPassRunner(probot, runtime, passSteps(runtime));
  process.once('SIGTERM', () => {
    runtime.stopRequested = true;
  });
  const summary = await passes.run();
  log.flush();
  if (summary === undefined) return 1;
  io.stderr.write(`freshpin: pass over ${summary.repositories} repositories in ${summary.installations} installations, ${summary.failed} failed, ${summary.seconds}s\n`);
  return summary.failed > 0 ? 1 : 0;
}
