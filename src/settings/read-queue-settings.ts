// The work queue's settings: REDIS_URL chooses the engine (unset: embedded, in this process;
// set: BullMQ on that Redis, every process with the same REDIS_URL and prefix a replica),
// FRESHPIN_QUEUE_PREFIX separates fleets sharing one Redis, FRESHPIN_JOB_LOCK_SECONDS is how
// long a killed replica's job waits before another takes it. The URL may hold a password: it
// is never logged (`redisTarget` is what logs say).
import { SettingsError } from './read-runtime-settings.ts';

export interface QueueSettings {
  /** redis:// or rediss:// URL; undefined: the embedded engine. */
  redisUrl?: string;
  prefix: string;
  /** A job whose worker stops renewing its lock for this long is stalled and handed on. */
  jobLockMs: number;
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_QUEUE_PREFIX = 'freshpin';
export const DEFAULT_JOB_LOCK_SECONDS = 30;

export function readQueueSettings(env: Env): QueueSettings {
  const prefix = env.FRESHPIN_QUEUE_PREFIX || DEFAULT_QUEUE_PREFIX;
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) throw new SettingsError(`FRESHPIN_QUEUE_PREFIX must be 1-64 letters, digits, '.', '_' or '-', got "${prefix.slice(0, 80)}"`);
  const lockText = env.FRESHPIN_JOB_LOCK_SECONDS || String(DEFAULT_JOB_LOCK_SECONDS);
  const lockSeconds = Number(lockText);
  if (!/^\d+(\.\d+)?$/.test(lockText) || lockSeconds < 1 || lockSeconds > 600) throw new SettingsError(`FRESHPIN_JOB_LOCK_SECONDS must be a number of seconds (1-600), got "${lockText.slice(0, 40)}"`);
  const settings: QueueSettings = { prefix, jobLockMs: Math.round(lockSeconds * 1000) };
  const url = env.REDIS_URL;
  if (url !== undefined && url !== '') {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new SettingsError('REDIS_URL must be a redis:// or rediss:// URL');
    }
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new SettingsError(`REDIS_URL must be a redis:// or rediss:// URL, got a ${parsed.protocol} URL`);
    settings.redisUrl = url;
  }
  return settings;
}

/** The Redis a URL points at, without its credentials: what logs may say. */
export function redisTarget(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}
