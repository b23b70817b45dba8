// /healthz, /readyz and /metrics over real HTTP on loopback, mounted by freshpinApp through
// Probot's Server and addHandler, against the loopback GitHub fake; a pass and a webhook
// delivery move the metrics. The registry is a loopback server that answers 429.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Probot } from 'probot';
import { Server } from 'probot';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAppRuntime } from '../../src/app/app-runtime.ts';
import type { AppRuntime } from '../../src/app/app-runtime.ts';
import { createLogger } from '../../src/app/create-logger.ts';
import { freshpinApp } from '../../src/app/freshpin-app.ts';
import { startMetricsServer } from '../../src/app/metrics-server.ts';
import type { RunningMetricsServer } from '../../src/app/metrics-server.ts';
import { AUTH_FAILURE_TTL_MS, createAuthCheck } from '../../src/app/ops-endpoints.ts';
import { createAppPassRunner } from '../../src/app/compose-app.ts';
import { startGitHubFake } from '../fakes/github/index.ts';
import type { GitHubFake } from '../fakes/github/index.ts';
import { freePort, http, rsaKeyPem, sample } from './ops-harness.ts';
import { quietProbotClass } from '../helpers/create-freshpin-instance.ts';

const SECRET = 'ops-test-secret';
const INSTALLATION = 31;
const FRESHPIN_METRICS = [
  'freshpin_pass_duration_seconds',
  'freshpin_repositories_checked_total',
  'freshpin_pull_requests_total',
  'freshpin_scans_reported_total',
  'freshpin_commands_total',
  'freshpin_registry_requests_total',
  'freshpin_registry_rate_limited_total',
  'freshpin_github_rate_limit_remaining',
  'freshpin_github_requests_total',
  'freshpin_webhook_deliveries_total',
];

let fake: GitHubFake;
let registry: HttpServer;
let registryUrl = '';
let server: Server;
let probot: Probot;
let runtime: AppRuntime;
let base = '';
let metricsServer: RunningMetricsServer;
let metricsBase = '';
const state = { scheduler: true, shuttingDown: false };

beforeAll(async () => {
  fake = await startGitHubFake();
  registry = createServer((_req, res) => {
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
    res.end(JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'rate limited' }] }));
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;

  const log = createLogger({ level: 'silent', format: 'json' });
  runtime = createAppRuntime({ registry: { mirrors: { 'docker.io': registryUrl }, credentials: {}, hubApiUrl: 'none' }, now: () => new Date('2026-11-29T00:00:00Z'), sleep: async () => undefined });
  // Retries and the throttle off (no 1-second spacing of writes): this test is about the endpoints.
  const ProbotClass = quietProbotClass({ appId: '4242', privateKey: rsaKeyPem(), webhookSecret: SECRET, githubBaseUrl: fake.apiUrl }, log);
  const port = await freePort();
  server = new Server({ Probot: ProbotClass, port, host: '127.0.0.1', log, enableStaticFiles: false });
  const appFn = freshpinApp(runtime, { schedulerRunning: () => state.scheduler, shuttingDown: () => state.shuttingDown, authCheckTtlMs: 0 });
  await server.load(async (app, options) => {
    probot = app;
    await appFn(app, options);
  });
  await server.start();
  base = `http://127.0.0.1:${port}`;
  metricsServer = await startMetricsServer(runtime.metrics, { host: '127.0.0.1', port: await freePort() });
  metricsBase = `http://127.0.0.1:${metricsServer.port}`;
});

afterAll(async () => {
  await metricsServer?.stop();
  await server?.stop();
  await new Promise((resolve) => registry?.close(resolve));
  await fake?.stop();
});

beforeEach(() => {
  fake.reset();
  state.scheduler = true;
  state.shuttingDown = false;
});

afterEach(() => {
  expect(fake.violations).toEqual([]);
});

const appRequests = () => fake.requests.filter((request) => request.method === 'GET' && request.path === '/app');

describe('/healthz', () => {
  it('answers 200 while the process is up, whatever GitHub says', async () => {
    fake.injectFault({ pathPattern: /.*/, status: 401, times: 10 });
    const answer = await http(`${base}/healthz`);
    expect(answer).toMatchObject({ status: 200, type: 'application/json' });
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
    expect((await http(`${base}/healthz`, { method: 'HEAD' })).status).toBe(200);
    expect(fake.requests).toEqual([]);
  });

  it('leaves other methods and paths to the next handler (404)', async () => {
    expect((await http(`${base}/healthz`, { method: 'POST' })).status).toBe(404);
    expect((await http(`${base}/nope`)).status).toBe(404);
  });
});

describe('/readyz', () => {
  it('is ready when the scheduler runs and GET /app with the JWT succeeds', async () => {
    const answer = await http(`${base}/readyz`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ready', checks: { scheduler: 'ok', github: 'ok' } });
    expect(appRequests()).toHaveLength(1);
  });

  it('is not ready while GitHub refuses the app (401), and ready again once it accepts it', async () => {
    fake.injectFault({ method: 'GET', pathPattern: /^\/app$/, status: 401, times: 1 });
    const refused = await http(`${base}/readyz`);
    expect(refused.status).toBe(503);
    const body = JSON.parse(refused.body) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe('not ready');
    expect(body.checks.scheduler).toBe('ok');
    expect(body.checks.github).toMatch(/^cannot authenticate: .*Bad credentials/);
    expect(refused.body).not.toMatch(/eyJ|-----BEGIN/);
    expect((await http(`${base}/readyz`)).status).toBe(200);
  });

  it.each([
    ['the scheduler is not running', { scheduler: false, shuttingDown: false }, { scheduler: 'not running', github: 'ok' }],
    ['a shutdown is in progress (GitHub not asked)', { scheduler: true, shuttingDown: true }, { scheduler: 'ok', shutdown: 'in progress' }],
  ])('is not ready when %s', async (_name, flags, checks) => {
    Object.assign(state, flags);
    const answer = await http(`${base}/readyz`);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toEqual({ status: 'not ready', checks });
    if (flags.shuttingDown) expect(appRequests()).toEqual([]);
  });
});

describe('createAuthCheck', () => {
  it('reuses a success for the TTL and a failure for a few seconds, sharing concurrent checks', async () => {
    let now = 1_000_000;
    const check = createAuthCheck(probot, runtime, 30_000, () => now);
    expect(await Promise.all([check(), check(), check()])).toEqual(['ok', 'ok', 'ok']);
    expect(appRequests()).toHaveLength(1);
    now += 29_000;
    expect(await check()).toBe('ok');
    expect(appRequests()).toHaveLength(1);
    now += 2_000;
    fake.injectFault({ method: 'GET', pathPattern: /^\/app$/, status: 401, times: 1 });
    expect(await check()).toMatch(/^cannot authenticate: /);
    expect(appRequests()).toHaveLength(2);
    now += AUTH_FAILURE_TTL_MS - 1;
    expect(await check()).toMatch(/^cannot authenticate: /);
    now += 1;
    expect(await check()).toBe('ok');
    expect(appRequests()).toHaveLength(3);
  });
});

describe('/metrics', () => {
  it('is not served on the webhook port', async () => {
    expect((await http(`${base}/metrics`)).status).toBe(404);
  });

  it('serves every freshpin metric in Prometheus text format', async () => {
    const answer = await http(`${metricsBase}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of FRESHPIN_METRICS) expect(answer.body).toContain(`# TYPE ${name} `);
    expect(answer.body).toMatch(/^freshpin_\w*resident_memory_bytes \d+/m);
  });

  it('moves after a pass (repositories, duration, GitHub requests and rate limit, registry 429s) and a webhook delivery', async () => {
    fake.addInstallation({ id: INSTALLATION, account: 'acme' });
    fake.addRepo({ owner: 'acme', name: 'new-repo', installationId: INSTALLATION, files: { 'README.md': '# hi\n' } });
    fake.addRepo({ owner: 'acme', name: 'configured', installationId: INSTALLATION, files: { '.github/freshpin.yml': 'minimumAge: 0\n', Dockerfile: 'FROM debian:bullseye-20250520-slim\n' } });
    const before = (await http(`${metricsBase}/metrics`)).body;
    const value = (text: string, name: string, labels: Record<string, string> = {}) => sample(text, name, labels) ?? 0;

    const summary = await createAppPassRunner(probot, runtime).run();
    expect(summary).toMatchObject({ installations: 1, repositories: 2, failed: 0 });

    const body = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1 });
    const signature = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const headers = { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'ops-1', 'x-hub-signature-256': signature };
    expect((await http(`${base}/api/github/webhooks`, { method: 'POST', headers, body })).status).toBe(200);
    const forged = { ...headers, 'x-github-delivery': 'ops-2', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };
    expect((await http(`${base}/api/github/webhooks`, { method: 'POST', headers: forged, body })).status).toBe(400);

    const after = (await http(`${metricsBase}/metrics`)).body;
    const moved = (name: string, labels: Record<string, string> = {}) => value(after, name, labels) - value(before, name, labels);
    expect(moved('freshpin_repositories_checked_total', { outcome: 'onboarding' })).toBe(1);
    expect(moved('freshpin_repositories_checked_total', { outcome: 'checked' })).toBe(1);
    expect(moved('freshpin_pass_duration_seconds_count')).toBe(1);
    expect(moved('freshpin_github_requests_total', { method: 'GET', counted: 'true' })).toBeGreaterThan(0);
    expect(moved('freshpin_github_requests_total', { method: 'POST', counted: 'true' })).toBeGreaterThan(0);
    const remaining = sample(after, 'freshpin_github_rate_limit_remaining');
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThan(5000);
    expect(moved('freshpin_registry_requests_total', { registry: 'docker.io', status: '429' })).toBeGreaterThan(0);
    expect(moved('freshpin_registry_rate_limited_total', { registry: 'docker.io' })).toBeGreaterThan(0);
    expect(moved('freshpin_webhook_deliveries_total', { event: 'ping' })).toBe(1);
  });
});
