// The GitHub App under test, end to end, with nothing of freshpin faked:
// - the stateful loopback GitHub fake (`test/fakes/github`), which validates every request
//   against GitHub's REST description (`fake.violations` must stay empty);
// - Debian's real `docker-registry` on loopback, seeded with the Phoenix world
//   (`seed-phoenix-registry.ts`), mirrored as docker.io with the Docker Hub API off;
// - freshpin itself, built from the same blocks as `start-server.ts` and `cycle-command.ts`:
//   `createLogger` → `createAppRuntime` → `createProbotClass` → `probot.load(freshpinApp(…))`
//   → `createAppPassRunner(probot, runtime)` (compose-app.ts).
//
// Usage:
//   const harness = await startAppHarness();            // fake + registry (once per file: ~2 s)
//   beforeEach: harness.reset(); harness.addInstallation(INSTALLATION, 'acme');
//   const repo = harness.addRepo({ owner: 'acme', name: 'web', installationId: INSTALLATION });
//   const app = await harness.app();                    // a freshpin instance ("replica")
//   await app.pass();                                   // one pass over every installation
//   await app.receive('push', payload);                 // a webhook, through probot.receive
//   readBumpPulls(harness.fake, repo), readDashboard(…), readComments(…), readBranchCommits(…)
//   app.logs / app.problems() / app.githubRequests      // what freshpin logged and sent
//   await harness.stop();
//
// `addRepo` seeds the Phoenix Dockerfile, the config template and the scan workflow unless told
// otherwise; `seedPhoenixDate('bullseye', '20260803')` makes a newer value appear for both images
// a Phoenix pin feeds. Each `harness.app()` is a separate replica (own Probot, token cache,
// runtime, ETag cache, pass runner), so two of them racing is two processes racing; make new
// instances after `reset()` (the fake forgets the tokens). Retries and the throttle are OFF
// unless `app({ resilient: true })` (freshpin's policy, waits in milliseconds, writes still
// serialised) or `app({ production: true })` (the server's Octokit exactly, real waits).
// Instances come from `create-freshpin-instance.ts` (re-exported here), which the benchmark
// also uses against a fake in another process; `registryLatencyMs` puts a delaying proxy in
// front of the registry.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BumpMarker } from '../../src/core/markers/bump-marker.ts';
import { readBumpMarker } from '../../src/core/markers/bump-marker.ts';
import { DASHBOARD_TITLE } from '../../src/core/render/render-dashboard.ts';
import type { RepoRef } from '../../src/github/github-client.ts';
import { startGitHubFake } from '../fakes/github/index.ts';
import type { AppOptions, FreshpinInstance, HarnessRegistrySettings } from './create-freshpin-instance.ts';
import { createFreshpinInstance } from './create-freshpin-instance.ts';
import type { FileMap, GitHubFake, RequestLogEntry } from '../fakes/github/index.ts';
import { phoenixSeedSpecs } from './seed-phoenix-registry.ts';
import type { SeedImageSpec } from './seed-registry.ts';
import { seedImage } from './seed-registry.ts';
import type { RunningRegistry } from './start-docker-registry.ts';
import { startDockerRegistry } from './start-docker-registry.ts';

export { HARNESS_NOW, WEBHOOK_SECRET, createFreshpinInstance, testPrivateKey } from './create-freshpin-instance.ts';
export type { AppOptions, FreshpinInstance, HarnessRegistrySettings, LogRecord } from './create-freshpin-instance.ts';

const ROOT = new URL('../../', import.meta.url);

/** The Phoenix/Elixir Dockerfile of `examples/phoenix` (DEBIAN_VERSION feeds both images). */
export const PHOENIX_DOCKERFILE = readFileSync(new URL('examples/phoenix/Dockerfile', ROOT), 'utf8');
/** The onboarding templates, as the app commits them. */
export const CONFIG_TEMPLATE = readFileSync(new URL('templates/freshpin.yml', ROOT), 'utf8');
export const SCAN_WORKFLOW = readFileSync(new URL('templates/freshpin-scan.yml', ROOT), 'utf8');

export const CONFIG_PATH = '.github/freshpin.yml';
export const WORKFLOW_PATH = '.github/workflows/freshpin-scan.yml';
export const APP_LOGIN = 'freshpin[bot]';
export const HUMAN = { login: 'alice', name: 'Alice', email: 'alice@example.com' };

const MULTI = ['linux/amd64', 'linux/arm64/v8'];
const ELIXIR_PREFIX = '1.18.4-erlang-27.2.4-debian';

export interface HarnessOptions {
  /** Added to every GitHub fake response (benchmarks). */
  latencyMs?: number;
  /** GitHub Enterprise Server mode: dispatch refuses `return_run_details` (422). */
  ghes?: boolean;
  /** Skip the Phoenix seed (a caller seeding its own world). */
  seedPhoenix?: boolean;
  /** Use this running registry (e.g. another harness's) instead of starting one; it is not stopped by `stop()`. */
  registry?: RunningRegistry;
  /** Added to every registry response the app sees (through a loopback proxy; seeding goes direct). */
  registryLatencyMs?: number;
  /** Lifetime of the fake's installation tokens (default one hour, as GitHub). */
  tokenTtlMs?: number;
  /** The fake's primary rate limit per installation (default 5000). */
  rateLimit?: number;
}

export interface AddRepoInput {
  owner: string;
  name: string;
  installationId: number;
  defaultBranch?: string;
  /** Text of `.github/freshpin.yml`; `null` for none (onboarding). Default: the template. */
  config?: string | null;
  /** Text of `Dockerfile`; `null` for none. Default: the Phoenix Dockerfile. */
  dockerfile?: string | null;
  /** Include the scan workflow. Default true. */
  workflow?: boolean;
  files?: FileMap;
  archived?: boolean;
}

export interface AppHarness {
  fake: GitHubFake;
  registry: RunningRegistry;
  /** docker.io mirror settings every instance uses. */
  registrySettings: HarnessRegistrySettings;
  addInstallation(id: number, account: string): void;
  addRepo(input: AddRepoInput): RepoRef;
  /** A new freshpin instance; every instance shares the fake and the registry. */
  app(options?: AppOptions): Promise<FreshpinInstance>;
  seed(specs: SeedImageSpec[]): Promise<void>;
  /** Seeds debian and hexpm/elixir builds of `codename-date` (both images a Phoenix pin feeds). */
  seedPhoenixDate(codename: string, date: string): Promise<void>;
  /** Drops the fake's state (repos, installations, tokens, log). Instances made before must not be reused. */
  reset(): void;
  stop(): Promise<void>;
}

/** Starts the fake and the registry (seeded with the Phoenix world). */
export async function startAppHarness(options: HarnessOptions = {}): Promise<AppHarness> {
  const fake = await startGitHubFake({ ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs }), ...(options.ghes ? { ghes: true } : {}), ...(options.tokenTtlMs === undefined ? {} : { tokenTtlMs: options.tokenTtlMs }), ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }) });
  let registry: RunningRegistry;
  const ownsRegistry = options.registry === undefined;
  try {
    registry = options.registry ?? (await startDockerRegistry());
    if (ownsRegistry && options.seedPhoenix !== false) await seedInParallel(registry.url, phoenixSeedSpecs());
  } catch (error) {
    await fake.stop();
    throw error;
  }
  const proxy = options.registryLatencyMs ? await startDelayProxy(registry.url, options.registryLatencyMs) : undefined;
  const registrySettings = { mirrors: { 'docker.io': proxy?.url ?? registry.url }, credentials: {}, hubApiUrl: 'none' };
  const instances: FreshpinInstance[] = [];

  return {
    fake,
    registry,
    registrySettings,
    addInstallation: (id, account) => fake.addInstallation({ id, account }),
    addRepo(input) {
      const files: FileMap = { README: `# ${input.name}\n` };
      if (input.config !== null) files[CONFIG_PATH] = input.config ?? CONFIG_TEMPLATE;
      if (input.dockerfile !== null) files.Dockerfile = input.dockerfile ?? PHOENIX_DOCKERFILE;
      if (input.workflow !== false) files[WORKFLOW_PATH] = SCAN_WORKFLOW;
      fake.addRepo({
        owner: input.owner,
        name: input.name,
        installationId: input.installationId,
        defaultBranch: input.defaultBranch ?? 'main',
        files: { ...files, ...input.files },
        ...(input.archived === undefined ? {} : { archived: input.archived }),
      });
      return { owner: input.owner, repo: input.name };
    },
    async app(appOptions = {}) {
      const instance = await createFreshpinInstance(fake.apiUrl, registrySettings, appOptions);
      instances.push(instance);
      return instance;
    },
    seed: (specs) => seedInParallel(registry.url, specs),
    async seedPhoenixDate(codename, date) {
      await seedInParallel(registry.url, [
        { repository: 'library/debian', tag: `${codename}-${date}-slim`, platforms: MULTI, attestation: true },
        { repository: 'hexpm/elixir', tag: `${ELIXIR_PREFIX}-${codename}-${date}-slim`, platforms: MULTI, format: 'docker' },
      ]);
    },
    reset: () => fake.reset(),
    async stop() {
      for (const instance of instances) instance.runtime.stop();
      await Promise.all(instances.map((instance) => instance.passes.idle()));
      await fake.stop();
      await proxy?.stop();
      if (ownsRegistry) await registry.stop();
    },
  };
}

/** Pushes images a few at a time: the registry's writes, not the CPU, are the bottleneck (about 3× faster than one by one). */
export async function seedInParallel(registryUrl: string, specs: readonly SeedImageSpec[], concurrency = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const spec = specs[next++] as SeedImageSpec;
      await seedImage(registryUrl, spec);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, specs.length) }, worker));
}

/** A loopback HTTP proxy to `target` that delays every answer by `latencyMs` (registry latency for benchmarks). */
async function startDelayProxy(target: string, latencyMs: number): Promise<{ url: string; stop(): Promise<void> }> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const forward = http.request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers, agent }, (answer) => {
      setTimeout(() => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      }, latencyMs);
    });
    forward.once('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A bump PR as the fake holds it, with its marker decoded. */
export interface BumpPullView {
  number: number;
  state: string;
  merged: boolean;
  title: string;
  body: string;
  branch: string;
  headSha: string;
  labels: string[];
  assignees: string[];
  reviewers: string[];
  author: string;
  marker: BumpMarker | undefined;
}

/** Every PR of the repository (bump and onboarding), oldest first. */
export function readPulls(fake: GitHubFake, repo: RepoRef): BumpPullView[] {
  return fake
    .listPulls(repo.owner, repo.repo)
    .map((pull) => {
      const head = pull.head as { ref: string; sha: string };
      const body = (pull.body as string | null) ?? '';
      return {
        number: pull.number as number,
        state: pull.state as string,
        merged: pull.merged === true,
        title: pull.title as string,
        body,
        branch: head.ref,
        headSha: head.sha,
        labels: ((pull.labels as Array<{ name: string }> | undefined) ?? []).map((label) => label.name),
        assignees: ((pull.assignees as Array<{ login: string }> | undefined) ?? []).map((user) => user.login),
        reviewers: ((pull.requested_reviewers as Array<{ login: string }> | undefined) ?? []).map((user) => user.login),
        author: (pull.user as { login: string }).login,
        marker: readBumpMarker(body),
      };
    })
    .sort((a, b) => a.number - b.number);
}

/** The bump PRs (those carrying a bump marker), oldest first. */
export function readBumpPulls(fake: GitHubFake, repo: RepoRef): BumpPullView[] {
  return readPulls(fake, repo).filter((pull) => pull.marker !== undefined);
}

/** The dashboard issues (there must be exactly one), oldest first. */
export function readDashboards(fake: GitHubFake, repo: RepoRef): Array<{ number: number; state: string; body: string; author: string }> {
  return fake
    .issues(repo.owner, repo.repo)
    .filter((issue) => issue.title === DASHBOARD_TITLE)
    .map((issue) => ({ number: issue.number as number, state: issue.state as string, body: (issue.body as string | null) ?? '', author: (issue.user as { login: string }).login }))
    .sort((a, b) => a.number - b.number);
}

/** The body of the one dashboard issue; fails when there is none or more than one. */
export function readDashboard(fake: GitHubFake, repo: RepoRef): string {
  const dashboards = readDashboards(fake, repo);
  if (dashboards.length !== 1) throw new Error(`expected one dashboard in ${repo.owner}/${repo.repo}, found ${dashboards.length}`);
  return dashboards[0]?.body ?? '';
}

/** Comment bodies on an issue or PR, oldest first. */
export function readComments(fake: GitHubFake, repo: RepoRef, number: number): Array<{ author: string; body: string }> {
  return fake.comments(repo.owner, repo.repo, number).map((comment) => ({ author: (comment.user as { login: string }).login, body: comment.body as string }));
}

/** The fake's log entries for one repository's API paths (`/repos/OWNER/REPO/…`). */
export function requestsFor(entries: readonly RequestLogEntry[], repo: RepoRef): RequestLogEntry[] {
  const prefix = `/repos/${repo.owner}/${repo.repo}`.toLowerCase();
  return entries.filter((entry) => {
    const path = decodeURIComponent(entry.path).toLowerCase();
    return path === prefix || path.startsWith(`${prefix}/`);
  });
}

/** `METHOD route status` lines of the counted requests among `entries` (for readable failures). */
export function countedLines(entries: readonly RequestLogEntry[]): string[] {
  return entries.filter((entry) => entry.counted).map((entry) => `${entry.method} ${entry.route ?? entry.path}${entry.query ? `?${entry.query}` : ''} ${entry.status}`);
}

/** A REST caller acting as the installation (the app's bot), for what tests do by hand (merge a PR, read a commit). */
export function installationApi(fake: GitHubFake, installationId: number) {
  const token = fake.createInstallationToken(installationId);
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; data: unknown }> => {
    const response = await fetch(`${fake.apiUrl}${path}`, {
      method,
      headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, data: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
}

/** The commits on `branch` that are not on `base` (compare API), with author, verification and message. */
export async function readBranchCommits(fake: GitHubFake, installationId: number, repo: RepoRef, base: string, branch: string) {
  const { status, data } = await installationApi(fake, installationId)('GET', `/repos/${repo.owner}/${repo.repo}/compare/${base}...${encodeURIComponent(branch)}`);
  if (status !== 200) throw new Error(`compare ${base}...${branch} answered ${status}`);
  const commits = (data as { commits: Array<{ sha: string; author: { login: string; type: string } | null; commit: { message: string; verification?: { verified: boolean }; author: { name: string } } }> }).commits;
  return commits.map((commit) => ({
    sha: commit.sha,
    authorLogin: commit.author?.login,
    authorType: commit.author?.type,
    authorName: commit.commit.author.name,
    verified: commit.commit.verification?.verified === true,
    message: commit.commit.message,
  }));
}

/**
 * The lifecycle every end-to-end test file shares: one harness for the file, a clean state and
 * the installation before each test, and no request outside GitHub's REST description after it.
 * The returned object forwards to the harness once `beforeAll` has started it.
 */
export function useAppHarness(installation: number, owner: string, options: HarnessOptions & { setup?: (harness: AppHarness) => Promise<void> } = {}): AppHarness {
  let current: AppHarness | undefined;
  const { setup, ...harnessOptions } = options;
  beforeAll(async () => {
    current = await startAppHarness(harnessOptions);
    await setup?.(current);
  }, 60_000);
  afterAll(async () => {
    await current?.stop();
  });
  beforeEach(() => {
    started().reset();
    started().addInstallation(installation, owner);
  });
  afterEach(() => {
    expect(started().fake.violations).toEqual([]);
  });
  function started(): AppHarness {
    if (current === undefined) throw new Error('the app harness has not started');
    return current;
  }
  return new Proxy({} as AppHarness, {
    get(_target, key) {
      const value: unknown = Reflect.get(started(), key);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(started()) : value;
    },
  });
}
