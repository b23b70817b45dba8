// `freshpin cycle`: one pass of the GitHub App over every installation and repository, then
// exit (for CronJob-style deployments). Same settings as the server, minus the HTTP port.
import { createAppRuntime } from '../app/app-runtime.ts';
import { createLogger } from '../app/create-logger.ts';
import { createProbotClass } from '../app/create-probot-class.ts';
import { passSteps } from '../app/pass-steps.ts';
import { StartupError, readAppSettings } from '../app/read-app-settings.ts';
import { createPassRunner } from '../services/run-pass.ts';
import { readIncrementalSettings } from '../app/read-incremental-settings.ts';
import { createStore } from '../store/file-store.ts';
import type { CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';

export async function runCycle(argv: string[], io: CliIo): Promise<number> {
  const full = argv.includes('--full');
  const rest = argv.filter((arg) => arg !== '--full');
  if (rest.length > 0) throw new UsageError(`cycle takes only --full, got ${rest.join(' ')}`);
  let settings;
  let incremental;
  try {
    settings = readAppSettings(io.env);
    incremental = readIncrementalSettings(io.env);
  } catch (error) {
    if (error instanceof StartupError) throw new UsageError(`cannot run: ${error.message}`);
    throw error;
  }
  const log = createLogger({ level: settings.logLevel, format: settings.logFormat });
  // The index persists between cycles in FRESHPIN_STATE; without it, every cycle is in effect a full pass.
  const store = createStore(incremental.statePath, { onProblem: ({ action, error }) => log.warn({ err: error, action, path: incremental.statePath }, 'the repository index file could not be used; it is a cache, freshpin goes on without it') });
  const runtime = createAppRuntime({ registry: settings.registry, now: settings.now, store });
  const ProbotClass = createProbotClass(settings, log);
  const probot = new ProbotClass();
  const passes = createPassRunner(probot, runtime, passSteps(runtime), { rateReserve: incremental.rateReserve });
  process.once('SIGTERM', () => {
    runtime.stopRequested = true;
  });
  const summary = await passes.run({ mode: full ? 'full' : 'incremental' });
  log.flush();
  if (summary === undefined) return 1;
  const probed = summary.unchanged === undefined ? '' : ` (${summary.unchanged} more unchanged, not read)`;
  io.stderr.write(`freshpin: pass over ${summary.repositories} repositories${probed} in ${summary.installations} installations, ${summary.failed} failed, ${summary.seconds}s\n`);
  return summary.failed > 0 ? 1 : 0;
}
