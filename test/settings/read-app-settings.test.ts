// The server refuses to start on a missing or bad setting, with one clear line and exit 1:
// readAppSettings in-process (every rule), then the server (`npm start`: bin/freshpin-server.js) spawned with bad
// environments (the real entry point, its message and exit code, no secret echoed).
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { readAppSettings } from '../../src/settings/read-app-settings.ts';
import { SettingsError } from '../../src/settings/read-runtime-settings.ts';
import { isolatedEnv, rsaKeyPem, spawnMain, tempDir } from '../app/ops-harness.ts';

const KEY = rsaKeyPem();
const EC_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const GARBLED = KEY.replace(/(-----BEGIN RSA PRIVATE KEY-----\n)(.{20})/, '$1AAAAAAAAAAAAAAAAAAAA');
const dir = tempDir({ 'app.pem': KEY, 'garbled.pem': GARBLED });
const GOOD = { APP_ID: '4242', PRIVATE_KEY_PATH: dir.path('app.pem'), WEBHOOK_SECRET: 'startup-test-secret' };

afterAll(() => dir.cleanup());

function settingsError(env: Record<string, string | undefined>): string {
  try {
    readAppSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error('expected a SettingsError');
}

describe('readAppSettings', () => {
  it('reads a complete environment, with defaults', () => {
    const settings = readAppSettings(GOOD);
    expect(settings).toMatchObject({ appId: '4242', webhookSecret: 'startup-test-secret', port: 3000, host: '0.0.0.0', logLevel: 'info', logFormat: 'json', cron: '0 6 * * 1', shutdownTimeoutMs: 25_000 });
    expect(settings.privateKey).toBe(KEY);
    expect(settings.githubBaseUrl).toBeUndefined();
    expect(settings.registry).toMatchObject({ hubApiUrl: 'https://hub.docker.com' });
  });

  it.each([
    ['PEM text', { PRIVATE_KEY: KEY, PRIVATE_KEY_PATH: undefined }],
    ['PEM with \\n escapes (one line)', { PRIVATE_KEY: KEY.trim().replace(/\n/g, '\\n'), PRIVATE_KEY_PATH: undefined }],
    ['base64 of the PEM', { PRIVATE_KEY: Buffer.from(KEY).toString('base64'), PRIVATE_KEY_PATH: undefined }],
    ['a file', {}],
  ])('accepts the private key as %s', (_name, patch) => {
    expect(readAppSettings({ ...GOOD, ...patch }).privateKey).toBe(KEY);
  });

  it.each([
    ['GHE_HOST over https by default', { GHE_HOST: 'github.example.com' }, { githubBaseUrl: 'https://github.example.com/api/v3' }],
    ['GHE_HOST with a port over http', { GHE_HOST: '127.0.0.1:8080', GHE_PROTOCOL: 'http' }, { githubBaseUrl: 'http://127.0.0.1:8080/api/v3' }],
    ['pretty logs in development', { NODE_ENV: 'development' }, { logFormat: 'pretty' }],
    ['JSON logs in development when asked', { NODE_ENV: 'development', LOG_FORMAT: 'json' }, { logFormat: 'json' }],
    ['the previous webhook secret during a rotation', { WEBHOOK_SECRET_PREVIOUS: 'the-old-secret' }, { webhookSecret: 'startup-test-secret', webhookSecretPrevious: 'the-old-secret' }],
    ['the development secret only with NODE_ENV=development and the opt-in', { WEBHOOK_SECRET: undefined, NODE_ENV: 'development', FRESHPIN_ALLOW_DEV_SECRET: 'true' }, { webhookSecret: 'development' }],
    ['a six-field cron (seconds)', { FRESHPIN_CRON: '*/10 * * * * *' }, { cron: '*/10 * * * * *' }],
    ['no schedule with FRESHPIN_CRON=off', { FRESHPIN_CRON: 'off' }, { cron: undefined }],
    ['a shutdown bound in seconds', { FRESHPIN_SHUTDOWN_TIMEOUT: '2.5' }, { shutdownTimeoutMs: 2500 }],
    ['PORT, HOST and LOG_LEVEL', { PORT: '8080', HOST: '127.0.0.1', LOG_LEVEL: 'debug' }, { port: 8080, host: '127.0.0.1', logLevel: 'debug' }],
  ])('reads %s', (_name, patch, expected) => {
    expect(readAppSettings({ ...GOOD, ...patch })).toMatchObject(expected);
  });

  it.each([
    ['APP_ID missing', { APP_ID: undefined }, /^APP_ID is required: the GitHub App id \(a number\); to create the app from app\.yml, run `npm start -- --setup`$/],
    ['APP_ID not a number', { APP_ID: 'freshpin' }, /^APP_ID is required: .*got "freshpin"/],
    ['WEBHOOK_SECRET missing', { WEBHOOK_SECRET: undefined }, /^WEBHOOK_SECRET is required: webhook signatures are always verified$/],
    ['WEBHOOK_SECRET empty', { WEBHOOK_SECRET: '' }, /^WEBHOOK_SECRET is required/],
    ['WEBHOOK_SECRET_PREVIOUS equal to WEBHOOK_SECRET', { WEBHOOK_SECRET_PREVIOUS: 'startup-test-secret' }, /^WEBHOOK_SECRET_PREVIOUS is the same as WEBHOOK_SECRET/],
    ['the dev-secret opt-in outside development', { WEBHOOK_SECRET: undefined, NODE_ENV: 'production', FRESHPIN_ALLOW_DEV_SECRET: 'true' }, /^WEBHOOK_SECRET is required/],
    ['development without the opt-in', { WEBHOOK_SECRET: undefined, NODE_ENV: 'development' }, /^WEBHOOK_SECRET is required/],
    ['no private key', { PRIVATE_KEY_PATH: undefined }, /^PRIVATE_KEY or PRIVATE_KEY_PATH is required/],
    ['an unreadable key file', { PRIVATE_KEY_PATH: dir.path('missing.pem') }, /^PRIVATE_KEY_PATH .*missing\.pem is unreadable: ENOENT$/],
    ['a key file that is a directory', { PRIVATE_KEY_PATH: dir.dir }, /is unreadable: EISDIR$/],
    ['a garbled key', { PRIVATE_KEY_PATH: dir.path('garbled.pem') }, /^the GitHub App private key \(the file .*garbled\.pem\) is malformed: expected a PEM RSA private key/],
    ['text that is not a key', { PRIVATE_KEY: 'not a key' }, /^the GitHub App private key \(PRIVATE_KEY\) is malformed/],
    ['an EC key', { PRIVATE_KEY: EC_KEY }, /^the GitHub App private key \(PRIVATE_KEY\) is a ec key: GitHub App keys are RSA$/],
    ['an invalid cron expression', { FRESHPIN_CRON: '61 * * * *' }, /^FRESHPIN_CRON "61 \* \* \* \*" is not a valid cron expression \(minute: 61 is a invalid expression for minute\); use off for no schedule$/],
    ['a cron expression with too few fields', { FRESHPIN_CRON: 'weekly' }, /^FRESHPIN_CRON "weekly" is not a valid cron expression \(expression: expected 5 or 6 fields but got 1\); use off for no schedule$/],
    ['a bad LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /^LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got "verbose"$/],
    ['a bad LOG_FORMAT', { LOG_FORMAT: 'xml' }, /^LOG_FORMAT must be json or pretty, got "xml"$/],
    ['a bad PORT', { PORT: '70000' }, /^PORT must be a port number \(1-65535\), got "70000"$/],
    ['PORT 0', { PORT: '0' }, /^PORT must be a port number/],
    ['a bad GHE_PROTOCOL', { GHE_HOST: 'github.example.com', GHE_PROTOCOL: 'ftp' }, /^GHE_PROTOCOL must be https or http, got "ftp"$/],
    ['a GHE_HOST that is a URL', { GHE_HOST: 'https://github.example.com' }, /^GHE_HOST must be a host name/],
    ['a bad shutdown bound', { FRESHPIN_SHUTDOWN_TIMEOUT: '-1' }, /^FRESHPIN_SHUTDOWN_TIMEOUT must be a number of seconds/],
    ['a bad FRESHPIN_NOW', { FRESHPIN_NOW: 'tomorrow' }, /FRESHPIN_NOW "tomorrow"/],
    ['a bad DOCKERHUB_API_URL', { DOCKERHUB_API_URL: 'hub.docker.com' }, /DOCKERHUB_API_URL/],
  ])('refuses %s', (_name, patch, message) => {
    const text = settingsError({ ...GOOD, ...patch });
    expect(text).toMatch(message);
    expect(text).not.toContain('-----BEGIN');
  });
});

describe('the server process with a bad setting', () => {
  it.concurrent.each([
    ['no APP_ID', { APP_ID: undefined }, 'APP_ID is required'],
    ['no WEBHOOK_SECRET', { WEBHOOK_SECRET: undefined }, 'WEBHOOK_SECRET is required: webhook signatures are always verified'],
    ['no WEBHOOK_SECRET in production, whatever the opt-in says', { WEBHOOK_SECRET: undefined, NODE_ENV: 'production', FRESHPIN_ALLOW_DEV_SECRET: 'true' }, 'WEBHOOK_SECRET is required'],
    ['an unreadable private key', { PRIVATE_KEY_PATH: dir.path('nope.pem') }, `PRIVATE_KEY_PATH ${dir.path('nope.pem')} is unreadable: ENOENT`],
    ['a malformed private key', { PRIVATE_KEY_PATH: undefined, PRIVATE_KEY: GARBLED }, 'the GitHub App private key (PRIVATE_KEY) is malformed'],
    ['an invalid cron expression', { FRESHPIN_CRON: '0 25 * * *' }, 'FRESHPIN_CRON "0 25 * * *" is not a valid cron expression'],
    ['a bad PORT', { PORT: 'http' }, 'PORT must be a port number'],
  ])('%s: exit 1 and one clear line', async (_name, patch, message) => {
    const main = spawnMain(isolatedEnv({ ...GOOD, ...patch }), { cwd: dir.dir });
    try {
      const exit = await main.exited;
      expect(exit.code).toBe(1);
      const lines = main.stderr().split('\n').filter((line) => line !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`freshpin: cannot start: ${message}`);
      expect(main.stdout()).toBe('');
      expect(main.stderr()).not.toMatch(/-----BEGIN|startup-test-secret/);
    } finally {
      main.kill();
    }
  });
});
