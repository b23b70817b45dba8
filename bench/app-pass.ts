// Benchmark: the GitHub App's weekly pass over 2,000 repositories in 50 installations, against
// the loopback GitHub fake and Debian's docker-registry (through a proxy), both answering 20 ms
// late. The fake and the registry run in a child process (GitHub's CPU and memory are not
// freshpin's); the measuring process is freshpin alone, wired by
// test/helpers/create-freshpin-instance.ts, and runs as the server does: with the V8 flags of
// `npm start` (bin/run-node.sh), with the image's MALLOC_ARENA_MAX. It runs the TypeScript
// sources, so Node's type stripper is loaded here, which the compiled server never loads.
//
// A first pass brings every repository to its steady state (bump PRs, dashboards); then 1 % of
// the repositories get a push that changes no Dockerfile, and the measured pass runs with
// Probot's Octokit exactly as the server builds it (retries; throttle: 10 requests at once,
// writes serialised and spaced) as a new process would: fresh installation tokens, and the
// fake's ETags, like GitHub's, are bound to the token, so the warm-up's ETags are worth nothing.
//
//   npx node bench/app-pass.ts [repositories] [installations] [--as-is] [--full]
//
// The measured pass is incremental (issue 15: the index from the warm-up's state file, one
// GraphQL probe per ≤100 repositories, full jobs only where something changed); `--full`
// measures the weekly full pass instead (every repository read).
//
// `--as-is` measures this process as started (no server flags).
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AppRuntime } from '../src/app/app-runtime.ts';
import type { PassMode } from '../src/services/passes/run-pass.ts';
import { createStore } from '../src/store/file-store.ts';
import type { HarnessRegistrySettings } from '../test/helpers/create-freshpin-instance.ts';
import { createFreshpinInstance } from '../test/helpers/create-freshpin-instance.ts';
import { readServerNodeFlags } from '../test/helpers/server-command.ts';
import { printFigures } from './check-summary.ts';

const LATENCY_MS = 20;
const CHANGED_EVERY = 100;

/** The Dockerfiles the repositories hold, in turn; together they use four tag families. */
const VARIANTS = [
  // debian + hexpm/elixir on bullseye, one ARG feeding both: a coupled bump PR.
  readFileSync(new URL('../examples/phoenix/Dockerfile', import.meta.url), 'utf8'),
  // debian bookworm and trixie: a bump PR each.
  'FROM debian:bookworm-20251020-slim\nRUN apt-get update\n',
  'FROM debian:trixie-20251020-slim AS build\nRUN make\nFROM debian:trixie-20251020-slim\nCOPY --from=build /out /out\n',
  // Already on the newest value: no PR.
  'FROM debian:bookworm-20251117-slim\n',
];
const FAMILIES = ['debian:bullseye-*-slim', 'hexpm/elixir:…-bullseye-*-slim', 'debian:bookworm-*-slim', 'debian:trixie-*-slim'];

interface Tallies {
  unchanged: { repos: number; issued: number; counted: number };
  changed: { repos: number; issued: number; counted: number };
  installation: { issued: number; counted: number };
  /** GraphQL queries (the change probe): counted requests, not per repository. */
  graphql: { issued: number; counted: number };
  writes: number;
}

type Request = { type: 'push-changes' } | { type: 'clear-log' } | { type: 'tallies' } | { type: 'stop' };
type Reply = { type: 'ready'; apiUrl: string; registry: HarnessRegistrySettings; changed: number } | { type: 'done' } | { type: 'tallies'; tallies: Tallies };

/** The child: the GitHub fake and the registry, seeded, serving until told to stop. */
async function serveFakes(repos: number, installations: number): Promise<void> {
  const send = (reply: Reply) => process.send?.(reply);
  // Loaded here only: the measuring process holds freshpin's modules, not the fakes' (or vitest).
  const { startAppHarness } = await import('../test/helpers/app-harness.ts');
  const harness = await startAppHarness({ latencyMs: LATENCY_MS, registryLatencyMs: LATENCY_MS });
  const perInstallation = Math.ceil(repos / installations);
  const changed = new Set<string>();
  for (let i = 0; i < repos; i += 1) {
    const installation = Math.floor(i / perInstallation);
    const owner = `org-${String(installation).padStart(2, '0')}`;
    if (i % perInstallation === 0) harness.addInstallation(1000 + installation, owner);
    const name = `svc-${String(i).padStart(4, '0')}`;
    harness.addRepo({ owner, name, installationId: 1000 + installation, dockerfile: VARIANTS[i % VARIANTS.length] ?? null });
    if (i % CHANGED_EVERY === CHANGED_EVERY - 1) changed.add(`${owner}/${name}`.toLowerCase());
  }
  process.on('message', (request: Request) => {
    switch (request.type) {
      case 'push-changes':
        for (const full of changed) {
          const [owner = '', repo = ''] = full.split('/');
          harness.fake.pushCommit({ owner, repo, branch: 'main', files: { 'CHANGELOG.md': 'more\n' }, message: 'docs', author: { login: 'alice', name: 'Alice', email: 'a@example.com' } });
        }
        send({ type: 'done' });
        return;
      case 'clear-log':
        harness.fake.clearLog();
        send({ type: 'done' });
        return;
      case 'tallies': {
        const tallies: Tallies = { unchanged: { repos: 0, issued: 0, counted: 0 }, changed: { repos: 0, issued: 0, counted: 0 }, installation: { issued: 0, counted: 0 }, graphql: { issued: 0, counted: 0 }, writes: 0 };
        const seen = new Set<string>();
        for (const entry of harness.fake.requests) {
          if (entry.path === '/graphql') {
            tallies.graphql.issued += 1;
            if (entry.counted) tallies.graphql.counted += 1;
            continue;
          }
          if (entry.method !== 'GET' && !entry.path.endsWith('/access_tokens')) tallies.writes += 1;
          const match = /^\/repos\/([^/]+)\/([^/]+)/.exec(entry.path);
          if (match === null) {
            tallies.installation.issued += 1;
            if (entry.counted) tallies.installation.counted += 1;
            continue;
          }
          const full = `${match[1]}/${match[2]}`.toLowerCase();
          const tally = changed.has(full) ? tallies.changed : tallies.unchanged;
          tally.issued += 1;
          if (entry.counted) tally.counted += 1;
          if (!seen.has(full)) {
            seen.add(full);
            tally.repos += 1;
          }
        }
        send({ type: 'tallies', tallies });
        return;
      }
      case 'stop':
        void harness.stop().then(() => process.exit(0));
    }
  });
  send({ type: 'ready', apiUrl: harness.fake.apiUrl, registry: harness.registrySettings, changed: changed.size });
}

function ask(child: ChildProcess, request: Request): Promise<Reply> {
  return new Promise((resolve, reject) => {
    child.once('message', (reply: Reply) => resolve(reply));
    child.once('exit', (code) => reject(new Error(`the fakes exited (${code})`)));
    child.send(request);
  });
}

/**
 * Resets the kernel's high-water mark of this process's RSS (VmHWM), so that reading it after
 * the measured pass gives that pass's true peak, not only what the 50 ms sampler saw. Linux
 * only; false when unavailable.
 */
function resetKernelPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** VmHWM in bytes (0 when unreadable). */
function readKernelPeakRss(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match === null ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}

/** The heap still in use after a full collection, MB (what the process holds, as opposed to what V8 has not collected yet). */
function liveHeapMb(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
}

async function registryRequests(runtime: AppRuntime): Promise<number> {
  const metric = await runtime.metrics.registryRequests.get();
  return metric.values.reduce((sum, value) => sum + value.value, 0);
}

async function measure(repos: number, installations: number, mode: PassMode): Promise<void> {
  const { MALLOC_ARENA_MAX: _arenas, FRESHPIN_BENCH_AS_SERVER: _asServer, ...fakesEnv } = process.env;
  const child = fork(import.meta.filename, ['--fakes', String(repos), String(installations)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [], env: fakesEnv });
  try {
    const ready = await new Promise<Extract<Reply, { type: 'ready' }>>((resolve, reject) => {
      child.once('message', (reply: Reply) => (reply.type === 'ready' ? resolve(reply) : reject(new Error('unexpected reply'))));
      child.once('exit', (code) => reject(new Error(`the fakes exited (${code})`)));
    });

    // 1. Warm-up: the steady state. Throttle off, so GitHub's write spacing does not make it hours.
    // The repository index goes to a state file (FRESHPIN_STATE), as `freshpin cycle` keeps it.
    const stateDir = mkdtempSync(join(tmpdir(), 'freshpin-bench-state-'));
    const statePath = join(stateDir, 'state.json');
    const warm = await createFreshpinInstance(ready.apiUrl, ready.registry, { captureLogs: false, logLevel: 'warn', store: createStore(statePath) });
    const warmStart = performance.now();
    const warmSummary = await warm.pass();
    const warmSeconds = (performance.now() - warmStart) / 1000;
    const warmRegistry = await registryRequests(warm.runtime);
    if (warmSummary.failed > 0) throw new Error(`the warm-up pass failed for ${warmSummary.failed} repositories`);

    // 2. A week goes by.
    await ask(child, { type: 'push-changes' });
    await ask(child, { type: 'clear-log' });

    // 3. The measured pass, as a new process runs it (`freshpin cycle`, a restarted server, or the
    // weekly pass: GitHub's installation tokens live one hour and its ETags are bound to the
    // token): the production Octokit, a fresh runtime (empty ETag cache) and fresh tokens.
    // The index comes from the state file the warm-up left (`--full`: the weekly full pass instead, which reads every repository).
    const measured = await createFreshpinInstance(ready.apiUrl, ready.registry, { production: true, captureLogs: false, logLevel: 'warn', store: createStore(statePath) });
    rmSync(stateDir, { recursive: true, force: true });
    const kernelPeak = resetKernelPeakRss();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss, kernelPeak ? readKernelPeakRss() : 0);
    }, 50);
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const summary = await measured.pass({ mode });
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const registry = await registryRequests(measured.runtime);
    const live = liveHeapMb();
    const reply = await ask(child, { type: 'tallies' });
    if (reply.type !== 'tallies') throw new Error('unexpected reply');
    const { unchanged, changed, installation, graphql, writes } = reply.tallies;
    const per = (n: number, d: number, digits: number) => (d === 0 ? '0' : (n / d).toFixed(digits));
    // Unchanged repositories: those without a push since the warm-up (an incremental pass sends them no REST request at all).
    const unchangedRepos = repos - ready.changed;
    const graphqlShare = (graphql.counted * unchangedRepos) / repos;
    const allCounted = unchanged.counted + changed.counted + installation.counted + graphql.counted;

    printFigures([
      { label: 'repositories / installations', value: `${repos} / ${summary.installations}, ${mode} pass: ${summary.repositories} checked by a full job (${summary.failed} failed), ${summary.unchanged ?? 0} found unchanged by the probe; ${ready.changed} changed since the warm-up` },
      { label: 'measured pass wall time', value: `${seconds.toFixed(1)} s (target ≤ 60 s); freshpin CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s` },
      { label: 'measured pass peak RSS', value: `${(peakRss / 1024 / 1024).toFixed(0)} MB (${kernelPeak ? 'kernel high-water mark' : 'sampled every 50 ms'}; target ≤ 200 MB; ${describeProcess()}); live heap after it ${live} MB, ETag cache ${(measured.runtime.etagCache.bytes / 1024 / 1024).toFixed(1)} MB in ${measured.runtime.etagCache.size} entries` },
      { label: 'GitHub requests / unchanged repo', value: `${per(unchanged.counted + graphqlShare, unchangedRepos, 3)} counted (target ≤ 0.05; fresh tokens, token-bound ETags): ${unchanged.counted} REST, ${graphqlShare.toFixed(1)} GraphQL (their share of ${graphql.counted} probe queries, ${summary.probeCost ?? 0} points)` },
      { label: 'GitHub requests, whole pass', value: `${allCounted} counted for ${repos} repositories (${per(allCounted, repos, 3)} each), installation-level included` },
      { label: 'GitHub requests / changed repo', value: `${per(changed.issued, changed.repos, 1)} issued, ${per(changed.counted, changed.repos, 1)} counted` },
      { label: 'before (issue 15, same fakes)', value: 'the full pass of 0876306, new process, fresh tokens: 6.01 counted per unchanged repository (12,020 for 2,000), 102 installation-level; with token-agnostic fakes it had read 0' },
      { label: 'GitHub requests, installation-level', value: `${installation.issued} issued, ${installation.counted} counted (${summary.installations} installations); ${writes} writes` },
      { label: 'registry requests / family', value: `${per(registry, FAMILIES.length, 1)} (${registry} for ${FAMILIES.length} families; target independent of repositories)` },
      { label: 'warm-up pass (throttle off)', value: `${warmSeconds.toFixed(1)} s, ${warmRegistry} registry requests` },
    ]);
  } finally {
    if (child.exitCode === null) {
      child.send({ type: 'stop' });
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}

/** How the measuring process runs: its V8 flags and malloc arenas. */
function describeProcess(): string {
  return `V8 flags: ${process.execArgv.join(' ') || 'defaults'}; TypeScript sources; MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 'unset'}`;
}

/** The image's MALLOC_ARENA_MAX (its Dockerfile's ENV). */
function imageMallocArenas(): string {
  const match = /MALLOC_ARENA_MAX=(\d+)/.exec(readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8'));
  if (match === null) throw new Error('the Dockerfile sets no MALLOC_ARENA_MAX');
  return match[1] as string;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const child = spawn(process.execPath, args, { stdio: 'inherit', env });
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

/**
 * Runs this script again as the server runs: the V8 flags of bin/run-node.sh and the image's
 * malloc arenas. Resolves with the measuring run's exit code.
 */
async function runAsTheServer(args: string[]): Promise<number> {
  const env = { ...process.env, MALLOC_ARENA_MAX: imageMallocArenas(), FRESHPIN_BENCH_AS_SERVER: '1' };
  return run([...readServerNodeFlags(), import.meta.filename, ...args], env);
}

const args = process.argv.slice(2).filter((arg) => arg !== '--as-is' && arg !== '--full');
if (args[0] === '--fakes') {
  await serveFakes(Number(args[1]), Number(args[2]));
} else if (!process.argv.includes('--as-is') && process.env.FRESHPIN_BENCH_AS_SERVER !== '1') {
  process.exitCode = await runAsTheServer(process.argv.slice(2));
} else {
  await measure(Number(args[0] ?? 2000), Number(args[1] ?? 50), process.argv.includes('--full') ? 'full' : 'incremental');
}
