// /metrics is served by the server process on its own listener (METRICS_HOST, loopback by
// default; METRICS_PORT), behind a bearer token when METRICS_TOKEN is set, and never on the
// webhook port. The `registry` label names public and configured registries only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, registryLabel, registryRequestRecorder } from '../../src/ops/metrics.ts';
import { readAppSettings } from '../../src/settings/read-app-settings.ts';
import { SettingsError } from '../../src/settings/read-runtime-settings.ts';
import { startGitHubFake } from '../fakes/github/index.ts';
import type { GitHubFake } from '../fakes/github/index.ts';
import type { SpawnedMain } from './ops-harness.ts';
import { freePort, http, isolatedEnv, rsaKeyPem, sample, spawnMain, tempDir } from './ops-harness.ts';

const TOKEN = 'metrics-token-0123456789';
const dir = tempDir();
let fake: GitHubFake;
let main: SpawnedMain;
let port = 0;
let metricsPort = 0;

beforeAll(async () => {
  fake = await startGitHubFake();
  port = await freePort();
  metricsPort = await freePort();
  main = spawnMain(
    isolatedEnv({
      APP_ID: '4242',
      PRIVATE_KEY: rsaKeyPem(),
      WEBHOOK_SECRET: 'metrics-test-secret',
      PORT: String(port),
      HOST: '127.0.0.1',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: TOKEN,
      GHE_HOST: new URL(fake.url).host,
      GHE_PROTOCOL: 'http',
      FRESHPIN_CRON: 'off',
      NODE_ENV: 'production',
    }),
    { cwd: dir.dir },
  );
  await main.waitFor((record) => record.msg === 'freshpin started', 'startup');
}, 30_000);

afterAll(async () => {
  main?.kill();
  await fake?.stop();
  dir.cleanup();
});

describe('the metrics listener of the server process', () => {
  it('is not on the webhook port', async () => {
    expect((await http(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);
    expect((await http(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  });

  it('asks for the bearer token, and serves Prometheus text with it', async () => {
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    expect((await http(url)).status).toBe(401);
    expect((await http(url, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const answer = await http(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.body).toContain('# TYPE freshpin_webhook_deliveries_total counter');
    expect((await http(`http://127.0.0.1:${metricsPort}/healthz`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });

  it('logs where it listens', () => {
    expect(main.records.find((record) => record.msg === 'freshpin started')).toMatchObject({ metricsPort });
  });
});

describe('metrics settings', () => {
  const base = { APP_ID: '1', PRIVATE_KEY: rsaKeyPem(), WEBHOOK_SECRET: 's' };
  it.each([
    ['loopback and 9464 by default', {}, { host: '127.0.0.1', port: 9464 }],
    ['another host and port', { METRICS_HOST: '0.0.0.0', METRICS_PORT: '9100' }, { host: '0.0.0.0', port: 9100 }],
    ['a token', { METRICS_TOKEN: TOKEN }, { host: '127.0.0.1', port: 9464, token: TOKEN }],
    ['off', { METRICS_PORT: 'off' }, undefined],
  ])('%s', (_name, env, metrics) => {
    expect(readAppSettings({ ...base, ...env }).metrics).toEqual(metrics);
  });

  it.each([
    ['the webhook port', { PORT: '9464' }, /METRICS_PORT must differ from PORT/],
    ['not a port', { METRICS_PORT: 'x' }, /METRICS_PORT must be a port number/],
    ['a short token', { METRICS_TOKEN: 'short' }, /METRICS_TOKEN must be at least 16 characters/],
  ])('refuses %s', (_name, env, message) => {
    expect(() => readAppSettings({ ...base, ...env })).toThrow(SettingsError);
    expect(() => readAppSettings({ ...base, ...env })).toThrow(message);
  });
});

describe('the registry label', () => {
  it('names public and configured registries, and buckets hosts from tenants’ Dockerfiles', async () => {
    const metrics = createMetrics();
    const record = registryRequestRecorder(metrics, ['registry.corp.example']);
    for (const registry of ['docker.io', 'registry.corp.example', 'secret-project.tenant-a.example:5000', 'internal.tenant-b.example']) record({ registry, status: 200 });
    const text = await metrics.registry.metrics();
    expect(sample(text, 'freshpin_registry_requests_total', { registry: 'docker.io', status: '200' })).toBe(1);
    expect(sample(text, 'freshpin_registry_requests_total', { registry: 'registry.corp.example', status: '200' })).toBe(1);
    expect(text).not.toMatch(/tenant-a|tenant-b/);
    expect(registryLabel('secret-project.tenant-a.example:5000', new Set())).toMatch(/^tenant-[0-9a-f]{2}$/);
    expect(registryLabel('Secret-Project.tenant-a.example:5000', new Set())).toBe(registryLabel('secret-project.tenant-a.example:5000', new Set()));
  });
});
