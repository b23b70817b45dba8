// Turns flags and environment into the settings shared by the CLI and the app:
// the clock, registry mirrors, credentials and the Docker Hub API base. A bad setting is a
// SettingsError with one clear line (the CLI exits 2 on it, the server refuses to start).
import { checkRegistrySettings, parseAllowPrivateRegistries } from '../registry/check-registry-settings.ts';
import { parseMirrors } from '../registry/resolve-registry-endpoint.ts';
import { parseScopedRegistryCredentials } from '../registry/scope-registry-credentials.ts';

/** A missing or bad setting (flag or environment variable); the message names it, never a secret's value. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

export interface RegistrySettings {
  mirrors: Record<string, string>;
  /** Credentials for every owner (`REGISTRY=USER:TOKEN` entries); the only ones the CLI uses. */
  credentials: Record<string, { username: string; password: string }>;
  hubApiUrl: string;
  /** Lowercase owner login → credentials only that owner's repositories use (`OWNER/REGISTRY=USER:TOKEN`). */
  ownerCredentials?: Record<string, Record<string, { username: string; password: string }>>;
  /** Registry hosts the app may reach on private or loopback addresses (FRESHPIN_ALLOW_PRIVATE_REGISTRIES). */
  allowPrivateRegistries?: string[];
}

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO time with an explicit zone, so the result does not depend on the host's time zone. */
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** `--now` / FRESHPIN_NOW: a day (`YYYY-MM-DD`, read as 00:00 UTC) or an ISO time with a zone; else the real clock. */
export function readNow(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, clock: () => Date): Date {
  const text = flag ?? env.FRESHPIN_NOW;
  if (text === undefined || text === '') return clock();
  const invalid = () => new SettingsError(`invalid --now / FRESHPIN_NOW "${text}": expected YYYY-MM-DD`);
  // Date's own parser accepts "1" (2001) and rolls 2026-02-30 over to March: check the shape and the day first.
  const day = DAY_ONLY.test(text) ? text : ISO_TIME.exec(text)?.[1];
  if (day === undefined) throw invalid();
  const midnight = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) throw invalid();
  const date = day === text ? midnight : new Date(text);
  if (Number.isNaN(date.getTime())) throw invalid();
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
    const scoped = parseScopedRegistryCredentials(env.FRESHPIN_REGISTRY_CREDENTIALS ?? '');
    const hubApiUrl = env.DOCKERHUB_API_URL?.trim() || 'https://hub.docker.com';
    if (hubApiUrl !== 'none' && !/^https?:\/\//.test(hubApiUrl)) {
      throw new SettingsError(`invalid DOCKERHUB_API_URL "${hubApiUrl}": expected a URL or "none"`);
    }
    const settings: RegistrySettings = { mirrors, credentials: scoped.all, hubApiUrl };
    if (Object.keys(scoped.byOwner).length > 0) settings.ownerCredentials = scoped.byOwner;
    const allow = parseAllowPrivateRegistries(env.FRESHPIN_ALLOW_PRIVATE_REGISTRIES ?? '');
    if (allow.length > 0) settings.allowPrivateRegistries = allow;
    checkRegistrySettings(settings);
    return settings;
  } catch (error) {
    if (error instanceof SettingsError) throw error;
    throw new SettingsError(error instanceof Error ? error.message : String(error));
  }
}

/** A clock that honours FRESHPIN_NOW when set (checked once, here), else the real one. */
export function readNowSetting(env: Readonly<Record<string, string | undefined>>, clock: () => Date): () => Date {
  if (!env.FRESHPIN_NOW) return clock;
  const frozen = readNow(undefined, env, clock);
  return () => frozen;
}
