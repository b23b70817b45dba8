// The server's main, run by bin/freshpin-server.js (`npm start`). A bad setting is one clear
// line on stderr and exit code 1, before anything heavy is loaded. `--setup`: Probot's
// manifest flow, to create the GitHub App from app.yml and write its credentials to .env
// (development only). A `.env` in the working directory is read first; variables already
// set win. Importing this module starts nothing (bin/warm-compile-cache.js imports it).
import { existsSync } from 'node:fs';
import { StartupError, readAppSettings } from './read-app-settings.ts';
import { readIncrementalSettings } from './read-incremental-settings.ts';

function fail(message: string): never {
  process.stderr.write(`freshpin: cannot start: ${message}\n`);
  process.exit(1);
}

/** Probot's setup mode: serves the "create the GitHub App" page built from ./app.yml on PORT. */
async function runSetup(): Promise<void> {
  if (process.env.APP_ID) fail('APP_ID is already set: the app exists (remove APP_ID and PRIVATE_KEY from the environment and .env to create another)');
  if (process.env.NODE_ENV === 'production') fail('--setup is for development: unset NODE_ENV=production, or create the app by hand (docs/deploy.md)');
  // The webhook URL comes from app.yml's hook_attributes; no smee.io channel is needed.
  process.env.NO_SMEE_SETUP ??= 'true';
  const { run } = await import('probot');
  await run(() => undefined, { env: process.env });
}

/** Starts the server (or the setup flow with `--setup`); exits the process on a bad setting. */
export async function main(argv: readonly string[]): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  if (argv.includes('--setup')) {
    await runSetup();
    return;
  }
  try {
    const settings = readAppSettings(process.env);
    const incremental = readIncrementalSettings(process.env);
    const { startServer } = await import('./start-server.ts');
    await startServer(settings, { incremental });
  } catch (error) {
    if (error instanceof StartupError) fail(error.message);
    const { scrubSecrets } = await import('./create-logger.ts');
    fail(scrubSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error)));
  }
}
