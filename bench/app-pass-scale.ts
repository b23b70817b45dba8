// Benchmark (issue 15): an incremental pass over 20,000 repositories in 20 installations, 1 %
// of them gaining a bump because a new tag was published in their family, against the honest
// GitHub fake (ETags bound to the token, fresh tokens) and Debian's docker-registry, both 20 ms
// late, with Probot's Octokit as the server builds it (production throttling: writes serialised
// and spaced).
//
// The index a previous pass would have left is built from two real template jobs (one per
// Dockerfile variant, a warm-up pass over a template installation), cloned per repository with
// its own node id, head and installation: 20,000 warm-up jobs would take an hour here and prove
// nothing more. Then a tag `trixie-20261120-slim` is published; the measured pass (a new
// process: fresh runtime, fresh tokens) must open the 200 PRs and leave every other repository
// alone. The clock: the tag is published at a simulated time, the incremental pass
// (FRESHPIN_PROBE_CRON, :17 and :47) starts at its next tick; publication → PRs = wait + the pass.
//
//   npx node bench/app-pass-scale.ts [repositories] [installations] [--as-is]
//
// Like app-pass.ts, it measures itself as the server runs (`npm start`'s V8 flags, a warm compile
// cache, the image's MALLOC_ARENA_MAX) unless `--as-is`.
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readServerCommand } from '../test/helpers/server-command.ts';
import type { HarnessRegistrySettings } from '../test/helpers/create-freshpin-instance.ts';
import { createFreshpinInstance } from '../test/helpers/create-freshpin-instance.ts';
import type { RepoEntry } from '../src/index/repository-index.ts';
import { createMemoryStore } from '../src/store/key-value-store.ts';
import { rateBudgetFor } from '../src/services/passes/rate-budget.ts';
import { DEFAULT_PROBE_CRON } from '../src/settings/read-incremental-settings.ts';
import { printFigures } from './check-summary.ts';

const LATENCY_MS = 20;
const BUMP_EVERY = 100;
const TEMPLATE_INSTALLATION = 999;
const UP_TO_DATE = 'FROM debian:bookworm-20251117-slim\nRUN apt-get update\n';
const GAINS_A_TAG = 'FROM debian:trixie-20251117-slim\nRUN make\n';
const NEW_TAG = 'trixie-20261120-slim';

interface RepoRow {
  owner: string;
  repo: string;
  installationId: number;
  nodeId: string;
  headSha: string;
  bumps: boolean;
}

interface Tallies {
  rest: number;
  restOfBumped: number;
  restOfOthers: number;
  graphql: number;
  installationLevel: number;
  writes: number;
  opened: number;
}

type Request = { type: 'seed-all' } | { type: 'publish-tag' } | { type: 'clear-log' } | { type: 'tallies' } | { type: 'stop' };
type Reply =
  | { type: 'ready'; apiUrl: string; registry: HarnessRegistrySettings }
  | { type: 'seeded'; rows: RepoRow[]; listings: Array<{ installationId: number; repos: Array<{ nodeId: string; owner: string; repo: string; defaultBranch: string }> }> }
  | { type: 'done' }
  | { type: 'tallies'; tallies: Tallies };

async function serveFakes(repos: number, installations: number): Promise<void> {
  const send = (reply: Reply) => process.send?.(reply);
  const { startAppHarness, installationApi } = await import('../test/helpers/app-harness.ts');
  const harness = await startAppHarness({ latencyMs: LATENCY_MS, registryLatencyMs: LATENCY_MS });
  harness.addInstallation(TEMPLATE_INSTALLATION, 'templates');
  harness.addRepo({ owner: 'templates', name: 'up-to-date', installationId: TEMPLATE_INSTALLATION, dockerfile: UP_TO_DATE });
  harness.addRepo({ owner: 'templates', name: 'gains-a-tag', installationId: TEMPLATE_INSTALLATION, dockerfile: GAINS_A_TAG });
  // The template that gains a tag gets its bump too.
  const bumped = new Set<string>(['templates/gains-a-tag']);
  process.on('message', (request: Request) => {
    void (async () => {
      switch (request.type) {
        case 'seed-all': {
          const perInstallation = Math.ceil(repos / installations);
          const rows: RepoRow[] = [];
          const listings: Extract<Reply, { type: 'seeded' }>['listings'] = [];
          for (let inst = 0; inst < installations; inst += 1) {
            const owner = `org-${String(inst).padStart(2, '0')}`;
            const installationId = 1000 + inst;
            harness.addInstallation(installationId, owner);
            for (let i = inst * perInstallation; i < Math.min(repos, (inst + 1) * perInstallation); i += 1) {
              const name = `svc-${String(i).padStart(5, '0')}`;
              const bumps = i % BUMP_EVERY === BUMP_EVERY - 1;
              harness.addRepo({ owner, name, installationId, dockerfile: bumps ? GAINS_A_TAG : UP_TO_DATE });
              if (bumps) bumped.add(`${owner}/${name}`);
            }
            // The node ids, as the installation's listing gives them.
            const api = installationApi(harness.fake, installationId);
            const listed: Array<{ nodeId: string; owner: string; repo: string; defaultBranch: string }> = [];
            for (let page = 1; ; page += 1) {
              const { data } = await api('GET', `/installation/repositories?per_page=100&page=${page}`);
              const batch = (data as { repositories: Array<{ node_id: string; name: string; owner: { login: string }; default_branch: string }> }).repositories;
              for (const repo of batch) {
                listed.push({ nodeId: repo.node_id, owner: repo.owner.login, repo: repo.name, defaultBranch: repo.default_branch });
                rows.push({ owner: repo.owner.login, repo: repo.name, installationId, nodeId: repo.node_id, headSha: harness.fake.branchHead(repo.owner.login, repo.name, 'main') ?? '', bumps: bumped.has(`${repo.owner.login}/${repo.name}`) });
              }
              if (batch.length < 100) break;
            }
            listings.push({ installationId, repos: listed });
          }
          send({ type: 'seeded', rows, listings });
          return;
        }
        case 'publish-tag':
          await harness.seed([{ repository: 'library/debian', tag: NEW_TAG, platforms: ['linux/amd64', 'linux/arm64/v8'], attestation: true }]);
          send({ type: 'done' });
          return;
        case 'clear-log':
          harness.fake.clearLog();
          send({ type: 'done' });
          return;
        case 'tallies': {
          const tallies: Tallies = { rest: 0, restOfBumped: 0, restOfOthers: 0, graphql: 0, installationLevel: 0, writes: 0, opened: 0 };
          for (const entry of harness.fake.requests) {
            if (!entry.counted) continue;
            if (entry.path === '/graphql') {
              tallies.graphql += 1;
              continue;
            }
            tallies.rest += 1;
            if (entry.method !== 'GET' && !entry.path.endsWith('/access_tokens')) tallies.writes += 1;
            if (entry.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/pulls$/.test(entry.path) && entry.status === 201) tallies.opened += 1;
            const match = /^\/repos\/([^/]+)\/([^/]+)/.exec(entry.path);
            if (match === null) tallies.installationLevel += 1;
            else if (bumped.has(`${match[1]}/${match[2]}`)) tallies.restOfBumped += 1;
            else tallies.restOfOthers += 1;
          }
          send({ type: 'tallies', tallies });
          return;
        }
        case 'stop':
          await harness.stop();
          process.exit(0);
      }
    })();
  });
  send({ type: 'ready', apiUrl: harness.fake.apiUrl, registry: harness.registrySettings });
}

function ask<T extends Reply['type']>(child: ChildProcess, request: Request, expect: T): Promise<Extract<Reply, { type: T }>> {
  return new Promise((resolve, reject) => {
    child.once('message', (reply: Reply) => (reply.type === expect ? resolve(reply as Extract<Reply, { type: T }>) : reject(new Error(`unexpected ${reply.type}`))));
    child.once('exit', (code) => reject(new Error(`the fakes exited (${code})`)));
    child.send(request);
  });
}

function kernelPeakRss(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/** Minutes from `publishedAt` to the next tick of an `M[,M…] * * * *` schedule, and the longest such wait. */
function minutesToNextTick(cron: string, publishedAt: Date): { wait: number; longest: number } {
  const minutes = (cron.split(' ')[0] ?? '0').split(',').map(Number).sort((a, b) => a - b);
  const now = publishedAt.getUTCMinutes() + publishedAt.getUTCSeconds() / 60;
  const wait = Math.min(...minutes.map((minute) => (minute - now + 60) % 60 || 60));
  const longest = Math.max(...minutes.map((minute, i) => ((minutes[(i + 1) % minutes.length] ?? minute) - minute + 60) % 60 || 60));
  return { wait, longest };
}

async function measure(repos: number, installations: number): Promise<void> {
  const { NODE_COMPILE_CACHE: _cache, MALLOC_ARENA_MAX: _arenas, FRESHPIN_BENCH_AS_SERVER: _asServer, ...fakesEnv } = process.env;
  const child = fork(import.meta.filename, ['--fakes', String(repos), String(installations)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [], env: fakesEnv });
  try {
    const ready = await new Promise<Extract<Reply, { type: 'ready' }>>((resolve, reject) => {
      child.once('message', (reply: Reply) => (reply.type === 'ready' ? resolve(reply) : reject(new Error('unexpected reply'))));
      child.once('exit', (code) => reject(new Error(`the fakes exited (${code})`)));
    });
    // 1. Two real jobs give the index entries of the two variants.
    const templates = createMemoryStore();
    const warm = await createFreshpinInstance(ready.apiUrl, ready.registry, { captureLogs: false, logLevel: 'warn', store: templates });
    await warm.pass();
    const upToDate = await warm.runtime.index.getRepo('templates', 'up-to-date');
    const gainsATag = await warm.runtime.index.getRepo('templates', 'gains-a-tag');
    if (upToDate === undefined || gainsATag === undefined) throw new Error('the template jobs left no index entry');

    // 2. The index a previous pass would have left, for every repository.
    const seeded = await ask(child, { type: 'seed-all' }, 'seeded');
    const store = createMemoryStore();
    const measured = await createFreshpinInstance(ready.apiUrl, ready.registry, { production: true, captureLogs: false, logLevel: 'warn', store });
    for (const row of seeded.rows) {
      const template = row.bumps ? gainsATag : upToDate;
      const { dashboard: _dashboard, ...rest } = template;
      const entry: RepoEntry = { ...rest, nodeId: row.nodeId, owner: row.owner, repo: row.repo, installationId: row.installationId, headSha: row.headSha, pulls: [] };
      await measured.runtime.index.putRepo(entry);
    }
    await measured.runtime.index.putRepo(upToDate);
    await measured.runtime.index.putRepo(gainsATag);
    for (const listing of seeded.listings) await measured.runtime.index.putListing(listing.installationId, listing.repos.map((repo) => ({ ...repo, archived: false })), measured.runtime.now());

    // 3. A tag is published in the family of 1 % of the repositories; the next incremental pass runs.
    await ask(child, { type: 'publish-tag' }, 'done');
    await ask(child, { type: 'clear-log' }, 'done');
    const publishedAt = new Date('2026-12-06T10:41:00Z');
    writeFileSync('/proc/self/clear_refs', '5');
    const start = performance.now();
    const summary = await measured.pass({ mode: 'incremental' });
    const seconds = (performance.now() - start) / 1000;
    const peak = kernelPeakRss();
    const { tallies } = await ask(child, { type: 'tallies' }, 'tallies');
    const budget = rateBudgetFor(measured.runtime.metrics.registry, { reserve: 0.2 });
    let closest = Number.POSITIVE_INFINITY;
    let breached = 0;
    for (const [key, lowest] of budget.lowest()) {
      const [installation, resource] = key.split(':');
      const window = budget.window(Number(installation), resource as 'core' | 'graphql');
      if (window === undefined) continue;
      const reserve = budget.reserveOf(window);
      closest = Math.min(closest, lowest - reserve);
      if (lowest < reserve) breached += 1;
    }
    const { wait, longest } = minutesToNextTick(DEFAULT_PROBE_CRON, publishedAt);
    // The repositories of the seeded installations, plus the two templates (one of which bumps).
    const total = repos + 2;
    const unchanged = total - (seeded.rows.filter((row) => row.bumps).length + 1);
    printFigures([
      { label: 'repositories / installations', value: `${repos} / ${installations}; ${summary.repositories} full jobs (${summary.failed} failed), ${summary.unchanged ?? 0} unchanged; ${tallies.opened} PRs opened` },
      { label: 'incremental pass wall time', value: `${seconds.toFixed(1)} s (production throttling: writes serialised and spaced; ${tallies.writes} writes)` },
      { label: 'incremental pass peak RSS', value: `${(peak / 1024 / 1024).toFixed(0)} MB (kernel high-water mark, this process, which also holds the index of ${total} repositories; ${process.execArgv.join(' ') || 'default V8 flags'}; MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 'unset'})` },
      { label: 'GitHub requests / unchanged repo', value: `${((tallies.restOfOthers + (tallies.graphql * unchanged) / total) / unchanged).toFixed(3)} counted (${tallies.restOfOthers} REST; ${tallies.graphql} GraphQL probe queries, ${summary.probeCost ?? 0} points, for all ${total})` },
      { label: 'GitHub requests, whole pass', value: `${tallies.rest + tallies.graphql} counted: ${tallies.restOfBumped} for the ${total - unchanged} bumped repositories, ${tallies.installationLevel} app/installation-level, ${tallies.graphql} GraphQL` },
      { label: 'rate-limit reserve', value: `${breached === 0 ? 'never breached' : `BREACHED in ${breached} windows`} (20 %; the closest an installation came: ${closest} above it)` },
      { label: 'new tag → PRs opened', value: `${(wait + seconds / 60).toFixed(1)} min (simulated clock: published ${publishedAt.toISOString().slice(11, 16)} UTC, the incremental pass (${DEFAULT_PROBE_CRON}) starts ${wait.toFixed(0)} min later and opens them in ${(seconds / 60).toFixed(1)} min; worst case ${(longest + seconds / 60).toFixed(1)} min, target ≤ 60)` },
    ]);
  } finally {
    if (child.exitCode === null) {
      child.send({ type: 'stop' });
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}

/** The image's MALLOC_ARENA_MAX (its Dockerfile's ENV). */
function imageMallocArenas(): string {
  return /MALLOC_ARENA_MAX=(\d+)/.exec(readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8'))?.[1] ?? '2';
}

/** Runs this script again as the server runs (`npm start`'s V8 flags, a warm compile cache, the image's malloc arenas), as app-pass.ts does. */
async function runAsTheServer(args: string[]): Promise<number> {
  const { nodeFlags } = readServerCommand();
  const cache = mkdtempSync(join(tmpdir(), 'freshpin-bench-compile-cache-'));
  const env = { ...process.env, NODE_COMPILE_CACHE: cache, MALLOC_ARENA_MAX: imageMallocArenas(), FRESHPIN_BENCH_AS_SERVER: '1' };
  const run = (runArgs: string[]) => new Promise<number>((resolve) => spawn(process.execPath, runArgs, { stdio: 'inherit', env }).once('exit', (code) => resolve(code ?? 1)));
  try {
    const warmed = await run([...nodeFlags, import.meta.filename, '--warm-cache']);
    return warmed !== 0 ? warmed : await run([...nodeFlags, import.meta.filename, ...args]);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2).filter((arg) => arg !== '--as-is');
if (args[0] === '--fakes') await serveFakes(Number(args[1]), Number(args[2]));
else if (args[0] === '--warm-cache') {
  const warmScript: string = '../bin/warm-compile-cache.js';
  await import(warmScript);
} else if (!process.argv.includes('--as-is') && process.env.FRESHPIN_BENCH_AS_SERVER !== '1') process.exitCode = await runAsTheServer(process.argv.slice(2));
else await measure(Number(args[0] ?? 20_000), Number(args[1] ?? 20));
