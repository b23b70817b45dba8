// Turns flags and environment into the settings shared by the CLI and the app:
// the clock, registry mirrors, credentials and the Docker Hub API base.
import { parseMirrors, parseRegistryCredentials } from '../registry/resolve-registry-endpoint.ts';
import { UsageError } from './cli-io.ts';

export interface RegistrySettings {
  mirrors: Record<string, string>;
  credentials: Record<string, { username: string; password: string }>;
  hubApiUrl: string;
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `--now` / FRESHPIN_NOW: a day (`YYYY-MM-DD`, read as 00:00 UTC) or an ISO time; else the real clock. */
export function readNow(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, clock: () => Date): Date {
  const text = flag ?? env.FRESHPIN_NOW;
  if (text === undefined || text === '') return clock();
  const date = new Date(DAY_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`invalid --now / FRESHPIN_NOW "${text}": expected YYYY-MM-DD`);
  return date;
}

/** Mirrors from env FRESHPIN_REGISTRY_MIRRORS, overridden per registry by repeated `--mirror REGISTRY=URL`. */
export function readRegistrySettings(
  mirrorFlags: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): RegistrySettings {
  try {
    const mirrors = {
      ...parseMirrors(env.FRESHPIN_REGISTRY_MIRRORS ?? ''),
      ...parseMirrors(mirrorFlags.join(',')),
    };
    const credentials = parseRegistryCredentials(env.FRESHPIN_REGISTRY_CREDENTIALS ?? '');
    const hubApiUrl = env.DOCKERHUB_API_URL?.trim() || 'https://hub.docker.com';
    if (hubApiUrl !== 'none' && !/^https?:\/\//.test(hubApiUrl)) {
      throw new UsageError(`invalid DOCKERHUB_API_URL "${hubApiUrl}": expected a URL or "none"`);
    }
    return { mirrors, credentials, hubApiUrl };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
