// Graceful shutdown, on the real process (as `npm start` runs it) against the loopback GitHub
// fake (latency so a pass takes a while, FRESHPIN_CRON every second, a real RSA key in a
// file). SIGTERM mid-pass: the repositories in progress finish, no other one starts, the
// webhook endpoint refuses new work while /healthz still answers, and the process exits 0
// within the bound; and at the bound when a repository takes longer.
import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubFake } from '../fakes/github/index.ts';
import type { GitHubFake, RequestLogEntry } from '../fakes/github/index.ts';
import type { LogRecord, SpawnedMain } from './ops-harness.ts';
import { freePort, http, isolatedEnv, rsaKeyPem, sample, spawnMain, tempDir } from './ops-harness.ts';

const INSTALLATION = 7;
/**
 * Several times more repositories than a pass checks at once (run-pass checks a batch of an
 * installation's repositories concurrently), so that some are never started.
 */
const REPOS = Array.from({ length: 48 }, (_, i) => `repo-${String(i + 1).padStart(2, '0')}`);
const SLOW_REPOS = ['alpha', 'bravo', 'charlie'];
const BOUND_SECONDS = 15;

let fake: GitHubFake;
let dir: ReturnType<typeof tempDir>;
let main: SpawnedMain | undefined;

beforeAll(async () => {
  // Each repository is configured and has no Dockerfile: about ten reads at 50 ms and one
  // write (its dashboard issue), so about a second per repository.
  fake = await startGitHubFake({ latencyMs: 50 });
  dir = tempDir({ 'app.pem': rsaKeyPem() });
});

afterAll(async () => {
  await fake?.stop();
  dir?.cleanup();
});

afterEach(() => {
  main?.kill();
});

/** The server's environment: GitHub is the fake (as GHES over http), a pass every second. */
function serverEnv(github: GitHubFake, port: number, boundSeconds: number, metricsPort?: number): Record<string, string> {
  return isolatedEnv({
    ...(metricsPort === undefined ? {} : { METRICS_PORT: String(metricsPort) }),
    APP_ID: '4242',
    PRIVATE_KEY_PATH: dir.path('app.pem'),
    WEBHOOK_SECRET: 'shutdown-test-secret',
    PORT: String(port),
    HOST: '127.0.0.1',
    GHE_HOST: new URL(github.url).host,
    GHE_PROTOCOL: 'http',
    FRESHPIN_CRON: '* * * * * *',
    FRESHPIN_SHUTDOWN_TIMEOUT: String(boundSeconds),
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
  });
}

/** Configured repositories without Dockerfiles: each pass writes their dashboard issue. */
function addConfiguredRepos(github: GitHubFake): void {
  github.addInstallation({ id: INSTALLATION, account: 'acme' });
  for (const name of SLOW_REPOS) github.addRepo({ owner: 'acme', name, installationId: INSTALLATION, files: { '.github/freshpin.yml': 'minimumAge: 0\n' } });
}

/** Repositories whose onboarding PR (opened by the app) is still open: a pass reads them and moves on. */
async function addOnboardedRepos(github: GitHubFake): Promise<void> {
  github.addInstallation({ id: INSTALLATION, account: 'acme' });
  const app = new Octokit({ baseUrl: github.apiUrl, auth: github.createInstallationToken(INSTALLATION), request: { fetch } });
  await Promise.all(
    REPOS.map(async (name) => {
      github.addRepo({ owner: 'acme', name, installationId: INSTALLATION, files: { 'README.md': `# ${name}\n` } });
      github.pushCommit({ owner: 'acme', repo: name, branch: 'freshpin/onboarding', files: { '.github/freshpin.yml': 'minimumAge: 0\n' }, message: 'chore: configure freshpin', author: { login: 'seed', name: 'Seed', email: 'seed@example.com' } });
      await app.pulls.create({ owner: 'acme', repo: name, head: 'freshpin/onboarding', base: 'main', title: 'Configure freshpin', body: 'onboarding' });
    }),
  );
  github.clearLog();
}

const repoOf = (path: string) => /^\/repos\/acme\/([^/]+)/.exec(path)?.[1];
const isMsg = (msg: string) => (record: LogRecord) => record.msg === msg;

describe('SIGTERM', () => {
  it('lets the repositories in progress finish, starts no other, refuses webhooks, and exits 0 within the bound', async () => {
    await addOnboardedRepos(fake);
    // When the fake received each request (its log has no times): "started" is a repository's first request.
    const receivedAt = new Map<RequestLogEntry, number>();
    const push = fake.requests.push.bind(fake.requests);
    fake.requests.push = (...entries: RequestLogEntry[]) => {
      for (const entry of entries) receivedAt.set(entry, Date.now());
      return push(...entries);
    };
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const metricsPort = await freePort();
    main = spawnMain(serverEnv(fake, port, BOUND_SECONDS, metricsPort), { cwd: dir.dir });
    await main.waitFor(isMsg('freshpin started'), 'startup');

    // Up and ready, with the schedule running.
    expect((await http(`${base}/healthz`)).status).toBe(200);
    const ready = await http(`${base}/readyz`);
    expect(ready.status, ready.body).toBe(200);

    // A repository has finished and the pass has moved on to the next one(s): SIGTERM.
    await main.waitFor(isMsg('repository checked'), 'the first repository', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalTime = Date.now();
    main.child.kill('SIGTERM');
    const shutdown = await main.waitFor(isMsg('shutting down'), 'the shutdown line');
    expect(shutdown).toMatchObject({ signal: 'SIGTERM', passRunning: true });

    // While draining: alive, not ready, and no webhook taken.
    expect((await http(`${base}/healthz`)).status).toBe(200);
    const draining = await http(`${base}/readyz`);
    expect(draining.status).toBe(503);
    expect(JSON.parse(draining.body)).toMatchObject({ status: 'not ready', checks: { shutdown: 'in progress' } });
    const webhook = await http(`${base}/api/github/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd1' }, body: '{}' });
    expect(webhook.status).toBe(503);
    expect(sample((await http(`http://127.0.0.1:${metricsPort}/metrics`)).body, 'freshpin_repositories_checked_total', { outcome: 'onboarding' })).toBeGreaterThanOrEqual(1);

    const exit = await main.exited;
    const records = main.records;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.at - signalTime).toBeLessThan(BOUND_SECONDS * 1000);
    expect(records.some((record) => String(record.msg).includes('shutdown bound'))).toBe(false);

    // Each repository's first request, as GitHub saw it.
    const firstRequest = new Map<string, number>();
    for (const request of fake.requests) {
      const name = repoOf(request.path);
      if (name !== undefined && REPOS.includes(name) && !firstRequest.has(name)) firstRequest.set(name, receivedAt.get(request) ?? 0);
    }
    const started = [...firstRequest.keys()].map((name) => `acme/${name}`).sort();
    // No repository started after the signal (a repository started just before it may reach GitHub a moment later).
    const shutdownTime = Number(shutdown.time);
    expect([...firstRequest].filter(([, at]) => at > shutdownTime + 250)).toEqual([]);
    // The pass stopped: some repositories were never started.
    expect(started.length).toBeLessThan(REPOS.length);
    // Every repository started was finished (some after the signal), and found its onboarding PR.
    const shutdownAt = records.indexOf(shutdown);
    const checked = records.filter(isMsg('repository checked'));
    expect(checked.map((record) => String(record.repo)).sort()).toEqual(started);
    expect(checked.every((record) => (record.outcome as { kind?: string }).kind === 'onboarding')).toBe(true);
    expect(records.slice(shutdownAt).filter(isMsg('repository checked')).length).toBeGreaterThanOrEqual(1);
    expect(fake.requests.filter((request) => request.method !== 'GET' && request.path.startsWith('/repos/'))).toEqual([]);
    // The log ends with the stopped pass and the stop.
    expect(records.slice(shutdownAt).find(isMsg('pass finished'))).toMatchObject({ summary: { stopped: true, failed: 0, repositories: started.length } });
    expect(records.at(-1)).toMatchObject({ msg: 'stopped', signal: 'SIGTERM' });
    expect(records.filter((record) => record.level !== undefined && record.level >= 50)).toEqual([]);
    expect(fake.violations).toEqual([]);
    expect(main.stderr()).toBe('');
  }, 90_000);

  it('exits 0 at the bound when the repositories in progress take longer, saying so', async () => {
    const slow = await startGitHubFake({ latencyMs: 600 });
    try {
      addConfiguredRepos(slow);
      main = spawnMain(serverEnv(slow, await freePort(), 1), { cwd: dir.dir });
      await main.waitFor(isMsg('freshpin started'), 'startup');
      const deadline = Date.now() + 15_000;
      while (!slow.requests.some((request) => repoOf(request.path) !== undefined) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const signalTime = Date.now();
      main.child.kill('SIGTERM');
      const exit = await main.exited;
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.at - signalTime).toBeLessThan(6_000);
      expect(main.records.find((record) => record.level === 40 && String(record.msg).includes('shutdown bound'))).toBeDefined();
      expect(main.records.filter(isMsg('repository checked'))).toEqual([]);
      expect(main.records.at(-1)).toMatchObject({ msg: 'stopped' });
    } finally {
      main?.kill();
      await slow.stop();
    }
  }, 30_000);
});
