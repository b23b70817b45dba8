// The server's settings, from the environment, checked before anything starts.
// A missing or bad setting is a StartupError with one clear line; there is no fallback secret.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cron from 'node-cron';
import { readNowSetting, readRegistrySettings, type RegistrySettings } from '../cli/read-runtime-settings.ts';

export class StartupError extends Error {
  override name = 'StartupError';
}

export interface AppSettings {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  port: number;
  host: string;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  cron: string;
  /** `<protocol>://<host>/api/v3` on GitHub Enterprise Server; undefined on github.com. */
  githubBaseUrl?: string;
  registry: RegistrySettings;
  /** A frozen clock (FRESHPIN_NOW), for reproducible decisions. */
  now: () => Date;
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_CRON = '0 6 * * 1';
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function readPrivateKey(env: Env): string {
  let pem = env.PRIVATE_KEY;
  if ((pem === undefined || pem === '') && env.PRIVATE_KEY_PATH) {
    try {
      pem = readFileSync(env.PRIVATE_KEY_PATH, 'utf8');
    } catch (error) {
      throw new StartupError(`PRIVATE_KEY_PATH ${env.PRIVATE_KEY_PATH} is unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  if (pem === undefined || pem === '') throw new StartupError('PRIVATE_KEY or PRIVATE_KEY_PATH is required (the GitHub App private key, PEM)');
  pem = pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
  try {
    createPrivateKey(pem);
  } catch {
    throw new StartupError('the GitHub App private key is malformed: expected a PEM RSA private key');
  }
  return pem;
}

function readWebhookSecret(env: Env): string {
  const secret = env.WEBHOOK_SECRET;
  if (secret !== undefined && secret !== '') return secret;
  if (env.NODE_ENV === 'development' && env.FRESHPIN_ALLOW_DEV_SECRET === 'true') return 'development';
  throw new StartupError('WEBHOOK_SECRET is required: webhook signatures are always verified');
}

function readGitHubBaseUrl(env: Env): string | undefined {
  if (!env.GHE_HOST) return undefined;
  const protocol = env.GHE_PROTOCOL || 'https';
  if (protocol !== 'https' && protocol !== 'http') throw new StartupError(`GHE_PROTOCOL must be https or http, got "${protocol}"`);
  if (!/^[\w.-]+(?::\d+)?$/.test(env.GHE_HOST)) throw new StartupError(`GHE_HOST must be a host name (with an optional port), got "${env.GHE_HOST}"`);
  return `${protocol}://${env.GHE_HOST}/api/v3`;
}

function readPort(env: Env): number {
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new StartupError(`PORT must be a port number, got "${env.PORT}"`);
  return port;
}

/** Reads and checks every setting; throws StartupError naming the first bad one. */
export function readAppSettings(env: Env, clock: () => Date = () => new Date()): AppSettings {
  const appId = env.APP_ID;
  if (!appId || !/^\d+$/.test(appId)) throw new StartupError('APP_ID is required: the GitHub App id (a number)');
  const cronExpression = env.FRESHPIN_CRON || DEFAULT_CRON;
  if (!cron.validate(cronExpression)) throw new StartupError(`FRESHPIN_CRON "${cronExpression}" is not a valid cron expression`);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new StartupError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const settings: AppSettings = {
    appId,
    privateKey: readPrivateKey(env),
    webhookSecret: readWebhookSecret(env),
    port: readPort(env),
    host: env.HOST || '0.0.0.0',
    logLevel,
    logFormat: env.LOG_FORMAT === 'pretty' || (env.LOG_FORMAT === undefined && env.NODE_ENV === 'development') ? 'pretty' : 'json',
    cron: cronExpression,
    registry: wrapStartup(() => readRegistrySettings([], env)),
    now: wrapStartup(() => readNowSetting(env, clock)),
  };
  const baseUrl = readGitHubBaseUrl(env);
  if (baseUrl !== undefined) settings.githubBaseUrl = baseUrl;
  return settings;
}

function wrapStartup<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new StartupError(error instanceof Error ? error.message : String(error));
  }
}
