// `freshpin <command>`: routes to the command modules; holds no logic of its own.
import type { CliIo } from './cli-io.ts';
import { SettingsError } from '../settings/read-runtime-settings.ts';
import { UsageError } from './cli-io.ts';

const USAGE = `usage: freshpin <command> [options]

commands:
  check [DIR] [--json] [--write] [--config FILE] [--mirror REGISTRY=URL]… [--now YYYY-MM-DD]
        plan the bumps of the dated base-image pins in DIR's Dockerfiles (default: .)
  report --head FILE… [--base FILE…] [--json]
        render the scan comment from Trivy / Docker Scout / Grype output files
  cycle
        run one pass of the GitHub App over every installation and repository, then exit
  help  show this text
`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check': {
        const { runCheck } = await import('./check-command.ts');
        return await runCheck(rest, io);
      }
      case 'report': {
        const { runReport } = await import('./report-command.ts');
        return await runReport(rest, io);
      }
      case 'cycle': {
        const { runCycle } = await import('./cycle-command.ts');
        return await runCycle(rest, io);
      }
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}" (try: freshpin help)`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof SettingsError) {
      io.stderr.write(`freshpin: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`freshpin: ${message.split('\n')[0]}\n`);
    return 1;
  }
}
