// `freshpin check [DIR] [--json] [--write] [--config FILE] [--mirror REGISTRY=URL]… [--now YYYY-MM-DD]`
// Argument parsing and output only; the recipe is services/check-directory.ts.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderCheckText } from '../core/render/render-check-text.ts';
import { createTagSource } from '../registry/create-tag-source.ts';
import { checkDirectory } from '../services/planning/check-directory.ts';
import { CheckSetupError } from '../services/planning/load-check-inputs.ts';
import type { CliIo } from './cli-io.ts';
import { UsageError } from './cli-io.ts';
import { createProgressReporter } from './progress-reporter.ts';
import { readNow, readRegistrySettings } from '../settings/read-runtime-settings.ts';

function parseCheckArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        write: { type: 'boolean', default: false },
        config: { type: 'string' },
        mirror: { type: 'string', multiple: true, default: [] },
        now: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export async function runCheck(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCheckArgs(argv);
  if (positionals.length > 1) throw new UsageError(`check takes one DIR, got ${positionals.length}`);
  const dir = path.resolve(io.cwd, positionals[0] ?? '.');
  const now = readNow(values.now, io.env, () => new Date());
  const registry = readRegistrySettings(values.mirror, io.env);
  const progress = createProgressReporter(io.stderr);
  const tagSource = createTagSource({ ...registry, onRequest: progress.onRequest });

  let result;
  try {
    result = await checkDirectory({
      dir,
      configFile: values.config === undefined ? undefined : path.resolve(io.cwd, values.config),
      write: values.write,
      now,
      tagSource,
      onProgress: progress.onProgress,
    });
  } catch (error) {
    if (error instanceof CheckSetupError) throw new UsageError(error.message);
    throw error;
  } finally {
    progress.stop();
  }

  for (const warning of result.workflowWarnings) io.stderr.write(`freshpin: ${warning}\n`);
  io.stdout.write(values.json ? `${JSON.stringify(result.report, null, 2)}\n` : renderCheckText(result.report, result.changes, { written: values.write }));
  if (result.registriesUnreachable) {
    io.stderr.write(`freshpin: every registry was unreachable (${result.registriesUnreachable})\n`);
    return 1;
  }
  return 0;
}
