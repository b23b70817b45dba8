// The server's settings, from the environment, checked before anything starts.
// A missing or bad setting is a SettingsError with one clear line; there is no fallback secret
// outside development, and no secret's value ever appears in a message.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cron from 'node-cron';
import { readIncrementalSettings } from './read-incremental-settings.ts';
import type { IncrementalSettings } from './read-incremental-settings.ts';
import { readQueueSettings } from './read-queue-settings.ts';
import type { QueueSettings } from './read-queue-settings.ts';
import { SettingsError, readNowSetting, readRegistrySettings, type RegistrySettings } from './read-runtime-settings.ts';

/** Where /metrics listens unless METRICS_HOST / METRICS_PORT say otherwise: loopback only. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';
export const DEFAULT_METRICS_PORT = 9464;

export interface AppSettings {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  /** WEBHOOK_SECRET_PREVIOUS: also accepted while a secret rotation is under way. */
  webhookSecretPrevious?: string;
  port: number;
  host: string;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  /** The pass schedule (cron, UTC); undefined with FRESHPIN_CRON=off (passes come from `freshpin cycle`). */
  cron: string | undefined;
  /** How long SIGTERM waits for the repositories in progress before exiting anyway. */
  shutdownTimeoutMs: number;
  /** Incremental passes: the index's state file, the probe schedule, the rate-limit reserve. */
  incremental: IncrementalSettings;
  /** `<protocol>://<host>/api/v3` on GitHub Enterprise Server; undefined on github.com. */
  githubBaseUrl?: string;
  registry: RegistrySettings;
  /** Where /metrics listens (METRICS_HOST, METRICS_PORT, METRICS_TOKEN); undefined with METRICS_PORT=off. */
  metrics: { host: string; port: number; token?: string } | undefined;
  /** A frozen clock (FRESHPIN_NOW), for reproducible decisions. */
  now: () => Date;
  /** The work queue: embedded, or BullMQ on REDIS_URL (read-queue-settings.ts). */
  queue: QueueSettings;
}

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_CRON = '0 6 * * 1';
export const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 25;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
/** `-----BEGIN` in base64: a PEM handed over base64-encoded (as Probot also accepts). */
const BASE64_PEM = /^LS0tLS1CRUdJTi[A-Za-z0-9+/=\s]*$/;

function readKeyText(env: Env): string {
  if (env.PRIVATE_KEY !== undefined && env.PRIVATE_KEY !== '') return env.PRIVATE_KEY;
  if (env.PRIVATE_KEY_PATH) {
    try {
      return readFileSync(env.PRIVATE_KEY_PATH, 'utf8');
    } catch (error) {
      throw new SettingsError(`PRIVATE_KEY_PATH ${env.PRIVATE_KEY_PATH} is unreadable: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  throw new SettingsError('PRIVATE_KEY or PRIVATE_KEY_PATH is required (the GitHub App private key, PEM)');
}

/** The app's private key as PEM: literal, with `\n` escapes, or base64-encoded; it must be an RSA private key. */
function readPrivateKey(env: Env): string {
  const source = env.PRIVATE_KEY ? 'PRIVATE_KEY' : `the file ${env.PRIVATE_KEY_PATH ?? ''}`;
  let pem = readKeyText(env).trim();
  if (BASE64_PEM.test(pem)) pem = Buffer.from(pem, 'base64').toString('utf8').trim();
  if (pem.includes('\\n')) pem = pem.replace(/\\n/g, '\n');
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw new SettingsError(`the GitHub App private key (${source}) is malformed: expected a PEM RSA private key (the .pem file GitHub generated for the app)`);
  }
  if (type !== 'rsa') throw new SettingsError(`the GitHub App private key (${source}) is a ${type ?? 'non-RSA'} key: GitHub App keys are RSA`);
  return `${pem}\n`;
}

function readWebhookSecret(env: Env): string {
  const secret = env.WEBHOOK_SECRET;
  if (secret !== undefined && secret !== '') return secret;
  if (env.NODE_ENV === 'development' && env.FRESHPIN_ALLOW_DEV_SECRET === 'true') return 'development';
  throw new SettingsError('WEBHOOK_SECRET is required: webhook signatures are always verified');
}

/** WEBHOOK_SECRET_PREVIOUS, during a rotation: set, non-empty and not the current secret. */
function readPreviousWebhookSecret(env: Env, current: string): string | undefined {
  const previous = env.WEBHOOK_SECRET_PREVIOUS;
  if (previous === undefined || previous === '') return undefined;
  if (previous === current) throw new SettingsError('WEBHOOK_SECRET_PREVIOUS is the same as WEBHOOK_SECRET: set it to the secret being replaced, or unset it');
  return previous;
}

function readGitHubBaseUrl(env: Env): string | undefined {
  if (!env.GHE_HOST) return undefined;
  const protocol = env.GHE_PROTOCOL || 'https';
  if (protocol !== 'https' && protocol !== 'http') throw new SettingsError(`GHE_PROTOCOL must be https or http, got "${protocol}"`);
  if (!/^[\w.-]+(?::\d+)?$/.test(env.GHE_HOST)) throw new SettingsError(`GHE_HOST must be a host name (with an optional port), got "${env.GHE_HOST}"`);
  return `${protocol}://${env.GHE_HOST}/api/v3`;
}

function readPort(env: Env): number {
  const text = env.PORT || '3000';
  const port = Number(text);
  // Probot's server reads 0 as "the default", so 0 is not accepted here either.
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new SettingsError(`PORT must be a port number (1-65535), got "${env.PORT}"`);
  return port;
}


function readMetrics(env: Env, webhookPort: number): AppSettings['metrics'] {
  const text = env.METRICS_PORT || String(DEFAULT_METRICS_PORT);
  if (text === 'off') return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new SettingsError(`METRICS_PORT must be a port number (1-65535) or off, got "${env.METRICS_PORT}"`);
  if (port === webhookPort) throw new SettingsError(`METRICS_PORT must differ from PORT (${webhookPort}): metrics are never served on the webhook port`);
  const host = env.METRICS_HOST || DEFAULT_METRICS_HOST;
  const token = env.METRICS_TOKEN;
  if (token !== undefined && token !== '' && token.length < 16) throw new SettingsError('METRICS_TOKEN must be at least 16 characters');
  return { host, port, ...(token ? { token } : {}) };
}

function readCron(env: Env): string | undefined {
  const expression = (env.FRESHPIN_CRON || DEFAULT_CRON).trim();
  if (expression === 'off') return undefined;
  const check = cron.validateDetailed(expression);
  if (!check.valid) {
    const why = check.errors.map((error) => `${error.field}: ${error.message}`).join('; ');
    throw new SettingsError(`FRESHPIN_CRON "${expression}" is not a valid cron expression${why ? ` (${why})` : ''}; use off for no schedule`);
  }
  return expression;
}

function readShutdownTimeout(env: Env): number {
  const text = env.FRESHPIN_SHUTDOWN_TIMEOUT || String(DEFAULT_SHUTDOWN_TIMEOUT_SECONDS);
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds <= 0 || seconds > 3600) throw new SettingsError(`FRESHPIN_SHUTDOWN_TIMEOUT must be a number of seconds (0 < s ≤ 3600), got "${text}"`);
  return Math.round(seconds * 1000);
}

/** Reads and checks every setting; throws SettingsError naming the first bad one. */
export function readAppSettings(env: Env, clock: () => Date = () => new Date()): AppSettings {
  const appId = env.APP_ID;
  if (!appId || !/^\d+$/.test(appId)) {
    throw new SettingsError(`APP_ID is required: the GitHub App id (a number)${appId ? `, got "${appId}"` : ''}; to create the app from app.yml, run \`npm start -- --setup\``);
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new SettingsError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const logFormat = env.LOG_FORMAT || (env.NODE_ENV === 'development' ? 'pretty' : 'json');
  if (logFormat !== 'json' && logFormat !== 'pretty') throw new SettingsError(`LOG_FORMAT must be json or pretty, got "${logFormat}"`);
  const settings: AppSettings = {
    appId,
    privateKey: readPrivateKey(env),
    webhookSecret: readWebhookSecret(env),
    port: readPort(env),
    host: env.HOST || '0.0.0.0',
    logLevel,
    logFormat,
    cron: readCron(env),
    shutdownTimeoutMs: readShutdownTimeout(env),
    incremental: readIncrementalSettings(env),
    registry: readRegistrySettings([], env),
    metrics: undefined,
    now: readNowSetting(env, clock),
    queue: readQueueSettings(env),
  };
  settings.metrics = readMetrics(env, settings.port);
  const previousSecret = readPreviousWebhookSecret(env, settings.webhookSecret);
  if (previousSecret !== undefined) settings.webhookSecretPrevious = previousSecret;
  const baseUrl = readGitHubBaseUrl(env);
  if (baseUrl !== undefined) settings.githubBaseUrl = baseUrl;
  return settings;
}
