// No secret reaches the logs: the private key, installation tokens, JWTs, Authorization
// headers, the webhook secret and signed artifact URLs. First the logger itself, in JSON
// and pretty form; then the real server (`bin/freshpin-server.js` as `npm start` runs it, trace level) forced through
// authentication failures by the loopback GitHub fake, its whole output grepped.
import { createHmac } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/app/create-logger.ts';
import { startGitHubFake } from '../fakes/github/index.ts';
import type { GitHubFake } from '../fakes/github/index.ts';
import type { SpawnedMain } from './ops-harness.ts';
import { freePort, http, isolatedEnv, rsaKeyPem, spawnMain, tempDir } from './ops-harness.ts';

const KEY = rsaKeyPem();
/** A line from the middle of the key's body: no fragment of the key may appear either. */
const KEY_LINE = KEY.split('\n')[10] ?? 'unreachable';
const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
const DASHED_TOKEN = 'ghs_Ab-cD_efGhijKLmnopQRstuvWXyz0123456';
const JWT = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOjQyNDIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAwNjAwfQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
const SIGNED_URL = 'https://productionresultssa0.blob.core.windows.net/actions-results/1234/artifact.zip?rscd=attachment&se=2026-11-29T00%3A10%3A00Z&sig=Zm9vYmFyYmF6cXV4%2Bsecret%3D&sp=r&spr=https&sr=b&sv=2021-12-02';
const S3_URL = 'https://bucket.s3.amazonaws.com/report.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261129&X-Amz-Signature=0123456789abcdef';
const WEBHOOK_SECRET = 'redaction-test-webhook-secret';

/** What must never appear in output. */
const FORBIDDEN = [/-----BEGIN/, /LS0tLS1CRUdJTi/, /ghs_/, /eyJ/, /sig=/i, /X-Amz-Signature=/i, new RegExp(KEY_LINE.replace(/[+/]/g, '\\$&')), new RegExp(WEBHOOK_SECRET)];

function capture(format: 'json' | 'pretty') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { log: createLogger({ level: 'trace', format, destination }), text: () => lines.join('') };
}

function expectClean(text: string): void {
  for (const pattern of FORBIDDEN) expect(text, `${pattern} leaked`).not.toMatch(pattern);
}

describe('scrubSecrets', () => {
  it.each([
    ['a PEM private key', `key: ${KEY.trim()}`, 'key: [private key redacted]'],
    ['a PEM key with \\n escapes', `"${KEY.trim().replace(/\n/g, '\\n')}"`, '"[private key redacted]"'],
    ['a base64 PEM', Buffer.from(KEY).toString('base64'), '[private key redacted]'],
    ['an installation token', `token=${TOKEN} next`, 'token=[token redacted] next'],
    ['a token with - and _', `x ${DASHED_TOKEN}`, 'x [token redacted]'],
    ['a fine-grained PAT', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', '[token redacted]'],
    ['a GHES v1 token', `v1.${'a1'.repeat(20)}`, '[token redacted]'],
    ['a JWT', `jwt ${JWT}`, 'jwt [jwt redacted]'],
    ['an Authorization header value', 'authorization: Bearer abcdefghijklmnop123', 'authorization: Bearer [redacted]'],
    ['Basic credentials', 'Basic dXNlcjpwYXNzd29yZA==', 'Basic [redacted]'],
    ['an Azure SAS URL', `GET ${SIGNED_URL} 200`, 'GET https://productionresultssa0.blob.core.windows.net/actions-results/1234/artifact.zip?[signed query redacted] 200'],
    ['an S3 presigned URL', S3_URL, 'https://bucket.s3.amazonaws.com/report.zip?[signed query redacted]'],
    ['a legacy Actions artifact URL (urlSignature)', 'GET https://pipelines.actions.githubusercontent.com/abc/_apis/artifact?api-version=6.0&urlSignature=QmFzZTY0U2ln 200', 'GET https://pipelines.actions.githubusercontent.com/abc/_apis/artifact?[signed query redacted] 200'],
    ['a Docker Hub personal access token', 'login with dckr_pat_AbCdEf0123456789-xyz failed', 'login with [token redacted] failed'],
    ['a Docker Hub organisation access token', 'dckr_oat_AbCdEf0123456789', '[token redacted]'],
    ['credentials in a URL', 'GET https://bot:s3cr3t-Pa55@registry.example.com/v2/ 401', 'GET https://[redacted]@registry.example.com/v2/ 401'],
    ['a user name alone in a URL', 'https://x-access-token@github.com/o/r.git', 'https://[redacted]@github.com/o/r.git'],
  ])('redacts %s', (_name, input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });

  it.each([
    ['a plain API URL with a query', 'GET https://api.github.com/repos/o/r/pulls?state=open&base=main&page=2'],
    ['a message mentioning tokens', 'the installation token expired; a new token is requested'],
    ['a commit sha', 'head 0123456789abcdef0123456789abcdef01234567'],
    ['an image reference with a digest', 'registry.example.com:5000/team/app@sha256:0123456789abcdef'],
    ['an e-mail address', 'mail ops@example.com'],
  ])('keeps %s', (_name, input) => {
    expect(scrubSecrets(input)).toBe(input);
  });
});

describe('createLogger', () => {
  it.each(['json', 'pretty'] as const)('redacts secrets by key and by shape (%s)', (format) => {
    const { log, text } = capture(format);
    const requestError = Object.assign(new Error(`Bad credentials - token ${TOKEN} was refused`), {
      status: 401,
      request: { method: 'POST', url: 'https://api.github.com/app/installations/1/access_tokens', headers: { authorization: `bearer ${JWT}` } },
      response: { status: 401, url: SIGNED_URL, headers: { location: SIGNED_URL } },
    });
    log.info({ settings: { appId: '1', privateKey: KEY, webhookSecret: WEBHOOK_SECRET } }, 'settings');
    log.info({ privateKey: KEY, secret: WEBHOOK_SECRET, token: TOKEN }, 'top-level secrets');
    log.debug({ headers: { authorization: `token ${TOKEN}`, accept: 'application/json' } }, 'request');
    log.debug({ req: { method: 'POST', url: '/api/github/webhooks', headers: { authorization: `Bearer ${JWT}`, 'x-hub-signature-256': `sha256=${'ab'.repeat(32)}` } } }, 'incoming');
    log.error({ err: requestError }, 'installation could not be listed');
    log.error(requestError);
    log.warn(`downloading ${SIGNED_URL} failed; also tried ${S3_URL}`);
    log.info({ urls: [SIGNED_URL, { nested: { deeper: `key=${KEY}` } }] }, 'nested');
    log.info(`PRIVATE_KEY=${Buffer.from(KEY).toString('base64')} token ${DASHED_TOKEN}`);
    log.child({ repo: 'acme/web' }).error({ err: new Error(`cannot use ${JWT}`, { cause: new Error(`inner ${TOKEN}`) }) }, 'child');
    const out = text();
    expectClean(out);
    // Still useful: messages, statuses and non-secret fields survive.
    expect(out).toContain('installation could not be listed');
    expect(out).toContain('Bad credentials - token [token redacted] was refused');
    expect(out).toContain('401');
    expect(out).toContain('application/json');
    expect(out).toContain('acme/web');
    if (format === 'json') {
      const records = out.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(records[0]).toMatchObject({ msg: 'settings', settings: { appId: '1', privateKey: '[redacted]', webhookSecret: '[redacted]' } });
      expect(records[4]).toMatchObject({ msg: 'installation could not be listed', err: { type: 'Error', status: 401 } });
      expect(records[5]).toMatchObject({ level: 50, msg: 'Bad credentials - token [token redacted] was refused', err: { status: 401 } });
      expect(records[9]).toMatchObject({ err: { cause: { message: 'inner [token redacted]' } } });
    } else {
      expect(out).not.toMatch(/^\{/);
    }
  });
});

describe('HTTP log lines of probes', () => {
  it('writes successful probes and scrapes only when debug is on', () => {
    const lines = (level: string) => {
      const written: string[] = [];
      const log = createLogger({ level, format: 'json', destination: { write: (line: string) => void written.push(line) } });
      for (const msg of ['GET /healthz 200 - 1ms', 'GET /readyz 200 - 3ms', 'HEAD /metrics 200 - 2ms', 'GET /readyz 503 - 2ms', 'POST /api/github/webhooks 200 - 9ms', 'GET /healthz/x 200 - 1ms']) {
        log.child({ name: 'http' }).info({ responseTime: 1 }, msg);
      }
      return written.map((line) => (JSON.parse(line) as { msg: string }).msg);
    };
    expect(lines('info')).toEqual(['GET /readyz 503 - 2ms', 'POST /api/github/webhooks 200 - 9ms', 'GET /healthz/x 200 - 1ms']);
    expect(lines('debug')).toHaveLength(6);
  });
});

describe('the server under authentication failures', () => {
  let fake: GitHubFake;
  let main: SpawnedMain | undefined;
  const dir = tempDir();

  beforeAll(async () => {
    fake = await startGitHubFake();
  });
  afterAll(async () => {
    await fake?.stop();
    dir.cleanup();
  });
  afterEach(() => main?.kill());

  it('logs the failures, with statuses, and no key, token, JWT, secret or signed URL', async () => {
    // Installation 1: the token exchange is refused (401). Installation 2: the token is minted, then
    // refused (403; a 401 would make @octokit/auth-app wait out "token replication" for 6 s).
    fake.addInstallation({ id: 1, account: 'refused-org' });
    fake.addRepo({ owner: 'refused-org', name: 'svc', installationId: 1 });
    fake.addInstallation({ id: 2, account: 'revoked-org' });
    fake.addRepo({ owner: 'revoked-org', name: 'svc', installationId: 2 });
    fake.injectFault({ method: 'POST', pathPattern: /^\/app\/installations\/1\/access_tokens$/, status: 401, times: 100 });
    fake.injectFault({ method: 'GET', pathPattern: /^\/installation\/repositories$/, status: 403, times: 100, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' } });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    main = spawnMain(
      isolatedEnv({
        APP_ID: '4242',
        PRIVATE_KEY: KEY,
        WEBHOOK_SECRET,
        PORT: String(port),
        HOST: '127.0.0.1',
        GHE_HOST: new URL(fake.url).host,
        GHE_PROTOCOL: 'http',
        FRESHPIN_CRON: '* * * * * *',
        LOG_LEVEL: 'trace',
        NODE_ENV: 'production',
      }),
      { cwd: dir.dir },
    );
    await main.waitFor((record) => record.msg === 'freshpin started', 'startup');

    // A signed webhook (its signature header is logged by the HTTP logger) and a bearer-authenticated probe.
    const body = JSON.stringify({ zen: 'Design for failure.', hook_id: 9 });
    const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`;
    expect((await http(`${base}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'r1', 'x-hub-signature-256': signature }, body })).status).toBe(202);
    expect((await http(`${base}/healthz`, { headers: { authorization: `Bearer ${JWT}` } })).status).toBe(200);

    const finished = await main.waitFor((record) => record.msg === 'pass finished', 'a pass', 20_000);
    expect(finished).toMatchObject({ summary: { installations: 2, failed: 2 } });
    // Readiness under a refused JWT: its answer is logged by the HTTP logger too.
    fake.injectFault({ method: 'GET', pathPattern: /^\/app$/, status: 401, times: 100 });
    expect((await http(`${base}/readyz`)).status).toBe(503);
    main.child.kill('SIGTERM');
    expect((await main.exited).code).toBe(0);

    const failures = main.records.filter((record) => record.msg === 'installation could not be listed');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures.map((record) => String((record.err as { message?: string } | undefined)?.message))).toEqual(
      expect.arrayContaining([expect.stringContaining('Bad credentials'), expect.stringContaining('Resource not accessible by integration')]),
    );
    expect(main.records.some((record) => record.level === 20)).toBe(true);
    const output = `${main.stdout()}\n${main.stderr()}`;
    expectClean(output);
    expect(fake.violations).toEqual([]);
  }, 40_000);
});
