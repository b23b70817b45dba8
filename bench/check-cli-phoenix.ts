// Benchmark: the whole `freshpin check --json` process on the Phoenix Dockerfile against
// Debian's docker-registry on loopback (seeded with the Phoenix world), as a user runs it.
// Prints the median wall time of several spawned runs of the compiled CLI (dist/, built first
// with `npm run build`, as users get it), next to its bare start-up and the same run on the
// TypeScript sources (Node strips the types at load).
//
//   npx node bench/check-cli-phoenix.ts [runs]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_CONDITION } from '../test/helpers/server-command.ts';
import { seedPhoenixRegistry } from '../test/helpers/seed-phoenix-registry.ts';
import { startDockerRegistry } from '../test/helpers/start-docker-registry.ts';
import { describeTimes, printFigures } from './check-summary.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.argv[2] ?? 7);

/** Runs the CLI once; resolves with the wall time in ms, rejecting on an unexpected exit. */
function timeRun(args: string[], env: Record<string, string>, expectedCode: number, nodeFlags: string[] = []): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, 'bin/freshpin.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      const elapsed = performance.now() - start;
      if (code === expectedCode) resolve(elapsed);
      else reject(new Error(`freshpin ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
  });
}

async function series(runs: number, args: string[], env: Record<string, string>, expectedCode = 0, nodeFlags: string[] = []): Promise<number[]> {
  await timeRun(args, env, expectedCode, nodeFlags); // warm the OS file cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeRun(args, env, expectedCode, nodeFlags));
  return times;
}

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');
const registry = await startDockerRegistry();
const cache = await mkdtemp(path.join(tmpdir(), 'freshpin-bench-cache-'));
try {
  await seedPhoenixRegistry(registry.url);
  const env = { DOCKERHUB_API_URL: 'none', FRESHPIN_NOW: '2026-11-29', FRESHPIN_REGISTRY_MIRRORS: '' };
  const check = ['check', 'examples/phoenix', '--json', '--mirror', `docker.io=${registry.url}`];
  const startup = await series(RUNS, ['check', path.join(cache, 'no-such-dir')], env, 2);
  const full = await series(RUNS, check, env);
  const sources = await series(RUNS, check, env, 0, [SOURCE_CONDITION]);
  printFigures([
    { label: 'check --json, Phoenix, loopback registry', value: describeTimes(full) },
    { label: '  same, on the TypeScript sources', value: describeTimes(sources) },
    { label: '  CLI start-up alone (check on a missing DIR)', value: describeTimes(startup) },
  ]);
} finally {
  await registry.stop();
  await rm(cache, { recursive: true, force: true });
}
