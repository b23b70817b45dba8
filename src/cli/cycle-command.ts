// `freshpin cycle`: one pass of the GitHub App over every installation and repository, then
// exit (for CronJob-style deployments). Same settings and composition as the server, minus
// the HTTP port; the repository index persists between cycles in FRESHPIN_STATE
// (without it every cycle is in effect a full pass). A bad setting is a SettingsError (exit 2, see main.ts).
import { composeApp } from '../app/compose-app.ts';
import { runCycleOnQueue } from '../app/cycle-on-queue.ts';
import { readAppSettings } from '../settings/read-app-settings.ts';
import type { CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';

export async function runCycle(argv: string[], io: CliIo): Promise<number> {
  const full = argv.includes('--full');
  const rest = argv.filter((arg) => arg !== '--full');
  if (rest.length > 0) throw new UsageError(`cycle takes only --full, got ${rest.join(' ')}`);
  const settings = readAppSettings(io.env);
  const composition = composeApp(settings);
  if (settings.queue.redisUrl !== undefined) {
    // With Redis: one pass job on the replicas' queue, worked alongside them.
    const { summary, failure } = await runCycleOnQueue(composition, full ? 'full' : 'incremental');
    composition.log.flush();
    // Probot's throttle keeps its own Redis connection open, with no way to close it: exit once the output is out.
    setTimeout(() => process.exit(), 2_000).unref();
    if (summary === undefined) {
      io.stderr.write(`freshpin: the pass did not complete: ${failure ?? 'unknown'}\n`);
      return 1;
    }
    io.stderr.write(`freshpin: pass over ${summary.repositories} repositories in ${summary.installations} installations, ${summary.failed} failed, ${summary.seconds}s\n`);
    return summary.failed > 0 ? 1 : 0;
  }
  const { log, runtime, ProbotClass, createPasses } = composition;
  const passes = createPasses(new ProbotClass());
  process.once('SIGTERM', () => runtime.stop());
  const summary = await passes.run({ mode: full ? 'full' : 'incremental' });
  log.flush();
  if (summary === undefined) return 1;
  const probed = summary.unchanged === undefined || summary.unchanged === 0 ? '' : ` (${summary.unchanged} more unchanged, not read)`;
  io.stderr.write(`freshpin: pass over ${summary.repositories} repositories${probed} in ${summary.installations} installations, ${summary.failed} failed, ${summary.seconds}s\n`);
  return summary.failed > 0 ? 1 : 0;
}
