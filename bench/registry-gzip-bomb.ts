// Benchmark (issue 11, finding 3): peak RSS of a `freshpin check --json` process, run with
// the server's V8 flags (bin/run-node.sh), whose registry answers the tag list
// with a gzip bomb (~400 KiB that inflates to 400 MiB, as in the issue's reproduction),
// next to the same run against a well-behaved registry. Target: under 300 MiB.
//
//   npx node bench/registry-gzip-bomb.ts [decoded MiB]
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipBomb, sendGzip, startHostileRegistry } from '../test/helpers/start-hostile-registry.ts';
import { readServerNodeFlags, SOURCE_CONDITION } from '../test/helpers/server-command.ts';
import { printFigures } from './check-summary.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DECODED_MIB = Number(process.argv[2] ?? 400);
const TARGET_MIB = 300;
/** The server's V8 flags (bin/run-node.sh), so the child's heap behaves as the server's; on the sources. */
const SERVER_FLAGS = [...readServerNodeFlags(), SOURCE_CONDITION];
/** Reports the child's own peak RSS (getrusage maxrss, KiB) on stderr as it exits. */
const REPORT_PEAK = `data:text/javascript,process.on('exit',()=>process.stderr.write('MAXRSS '+process.resourceUsage().maxRSS+'\\n'))`;

const bomb = await gzipBomb(DECODED_MIB * 1024 * 1024);
const registry = await startHostileRegistry((request, response) => {
  const url = request.url ?? '';
  if (url.startsWith('/v2/bomb/base/tags/list')) sendGzip(response, bomb);
  else if (url.startsWith('/v2/calm/base/tags/list')) response.writeHead(200, { 'content-type': 'application/json' }).end('{"tags":["stable-20250101","stable-20250201"]}');
  else response.writeHead(404).end();
});
const work = await mkdtemp(path.join(tmpdir(), 'freshpin-bomb-bench-'));

/** Runs the check on a Dockerfile naming `repository` and returns the child's peak RSS in MiB and the pin's status. */
async function run(repository: string): Promise<{ peakMib: number; outcome: string }> {
  const dir = path.join(work, repository);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'Dockerfile'), `FROM ${registry.host}/${repository}/base:stable-20250101\n`);
  const child = spawn(process.execPath, [...SERVER_FLAGS, '--import', REPORT_PEAK, 'bin/freshpin.js', 'check', dir, '--json'], {
    cwd: ROOT,
    env: { ...process.env, DOCKERHUB_API_URL: 'none', FRESHPIN_NOW: '2026-11-29', FRESHPIN_REGISTRY_MIRRORS: '', FRESHPIN_REGISTRY_CREDENTIALS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  const peak = /MAXRSS (\d+)/.exec(stderr);
  if (peak === null) throw new Error(`the check exited ${code} without reporting its peak RSS: ${stderr.slice(0, 500)}`);
  let outcome = `exit ${code}`;
  try {
    const report = JSON.parse(stdout) as { pins: { status: string; reason?: string }[] };
    const pin = report.pins[0];
    outcome = pin === undefined ? outcome : `${pin.status}${pin.reason === undefined ? '' : `: …${pin.reason.slice(-70)}`}`;
  } catch {
    // keep the exit code
  }
  return { peakMib: Math.round(Number(peak[1]) / 1024), outcome };
}

try {
  const calm = await run('calm');
  const bombed = await run('bomb');
  printFigures([
    { label: 'gzip bomb body', value: `${Math.round(bomb.length / 1024)} KiB gzip → ${DECODED_MIB} MiB decoded` },
    { label: 'check peak RSS, calm registry', value: `${calm.peakMib} MiB (${calm.outcome})` },
    { label: 'check peak RSS, gzip bomb', value: `${bombed.peakMib} MiB (target < ${TARGET_MIB} MiB; ${bombed.outcome})` },
  ]);
  if (bombed.peakMib >= TARGET_MIB) process.exitCode = 1;
} finally {
  await registry.close();
  await rm(work, { recursive: true, force: true });
}
