// Benchmark: the whole `freshpin check --json` process on the Phoenix Dockerfile against
// Debian's docker-registry on loopback (seeded with the Phoenix world), as a user runs it.
// Prints the median wall time of several spawned runs, next to the bare start-up of the CLI
// and the same run with Node's compile cache on.
//
//   npx node bench/check-cli-phoenix.ts [runs]
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedPhoenixRegistry } from '../test/helpers/seed-phoenix-registry.ts';
import { startDockerRegistry } from '../test/helpers/start-docker-registry.ts';
import { describeTimes, printFigures } from './check-summary.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.argv[2] ?? 7);

/** Runs the CLI once; resolves with the wall time in ms, rejecting on an unexpected exit. */
function timeRun(args: string[], env: Record<string, string>, expectedCode: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['bin/freshpin.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
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

async function series(runs: number, args: string[], env: Record<string, string>, expectedCode = 0): Promise<number[]> {
  await timeRun(args, env, expectedCode); // warm the OS file cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeRun(args, env, expectedCode));
  return times;
}

const registry = await startDockerRegistry();
const cache = await mkdtemp(path.join(tmpdir(), 'freshpin-bench-cache-'));
try {
  await seedPhoenixRegistry(registry.url);
  const env = { DOCKERHUB_API_URL: 'none', FRESHPIN_NOW: '2026-11-29', FRESHPIN_REGISTRY_MIRRORS: '' };
  const check = ['check', 'examples/phoenix', '--json', '--mirror', `docker.io=${registry.url}`];
  const startup = await series(RUNS, ['check', path.join(cache, 'no-such-dir')], env, 2);
  const full = await series(RUNS, check, env);
  const cached = await series(RUNS, check, { ...env, NODE_COMPILE_CACHE: cache });
  printFigures([
    { label: 'check --json, Phoenix, loopback registry', value: describeTimes(full) },
    { label: '  same, NODE_COMPILE_CACHE on', value: describeTimes(cached) },
    { label: '  CLI start-up alone (check on a missing DIR)', value: describeTimes(startup) },
  ]);
} finally {
  await registry.stop();
  await rm(cache, { recursive: true, force: true });
}
