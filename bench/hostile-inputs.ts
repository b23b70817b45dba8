// Benchmark: peak RSS of a process running with the server's V8 flags (bin/run-node.sh)
// while it is fed hostile input, one process per case (issue 11, findings 1, 4, 10):
//
// - webhook-body: the server itself (bin/freshpin-server.js) gets a 600 MB POST declared by its
//   content-length, a 600 MB chunked POST, and 8 concurrent 24 MB chunked POSTs, all with a bogus
//   signature. Before the intake it read each body whole (134 → 1,338 MiB).
// - scan-artifact: the artifact reader (unzipArtifact + parseScanReport, as the app runs them)
//   on the overlapping-entries zip (50 directory records, one 4 MB local entry), then on the
//   largest artifact the caps let through (3 Trivy JSON reports of 15 MiB). It was 699 MiB.
// - config-file: readRepoConfig with freshpin's Octokit against the GitHub fake holding a 30 MB
//   `.github/freshpin.yml` (the fake runs in this process, not in the measured one). It was 651 MiB.
//
// Target for each: under 300 MiB. Prints the kernel's RSS high-water mark (VmHWM) of the child.
//
//   npx node bench/hostile-inputs.ts
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGitHubFake } from '../test/fakes/github/index.ts';
import { readServerCommand, SOURCE_CONDITION } from '../test/helpers/server-command.ts';
import { printFigures } from './check-summary.ts';
import { writeArtifacts } from './hostile-inputs-child.ts';
import type { Figure } from './check-summary.ts';
import { freePort } from '../test/helpers/free-port.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SERVER = readServerCommand();
const MiB = 1024 * 1024;
const TARGET = 300;

/** The kernel's RSS high-water mark of a live process, in MiB (0 when unreadable). */
function peakOf(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]) / 1024;
  } catch {
    return 0;
  }
}


/** POSTs `total` bytes to the webhook path over a raw socket, with backpressure, until answered or dropped. */
function hostilePost(port: number, total: number, declare: boolean): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const framed = declare ? chunk : Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    let written = 0;
    let answered = false;
    const finish = () => {
      answered = true;
      socket.destroy();
      resolve();
    };
    socket.on('data', finish);
    socket.on('error', finish);
    socket.on('close', finish);
    const pump = () => {
      while (!answered && written < total) {
        written += chunk.length;
        if (!socket.write(framed)) return void socket.once('drain', pump);
      }
      if (!answered) socket.end(declare ? '' : '0\r\n\r\n');
    };
    socket.once('connect', () => {
      const head = [
        'POST /api/github/webhooks HTTP/1.1',
        'host: 127.0.0.1',
        'content-type: application/json',
        'x-github-event: push',
        'x-github-delivery: bench',
        `x-hub-signature-256: sha256=${'0'.repeat(64)}`,
        declare ? `content-length: ${total}` : 'transfer-encoding: chunked',
        '',
        '',
      ].join('\r\n');
      socket.write(head);
      pump();
    });
  });
}

async function webhookBody(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'freshpin-bench-'));
  const port = await freePort();
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const child = spawn(process.execPath, [...SERVER.nodeFlags, SOURCE_CONDITION, SERVER.entry], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', APP_ID: '1', PRIVATE_KEY: key, WEBHOOK_SECRET: 'bench-secret', PORT: String(port), HOST: '127.0.0.1', FRESHPIN_CRON: 'off', METRICS_PORT: 'off', GHE_HOST: '127.0.0.1:9', GHE_PROTOCOL: 'http', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port }, () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const before = peakOf(child.pid ?? 0);
    await hostilePost(port, 600 * MiB, true);
    await hostilePost(port, 600 * MiB, false);
    await Promise.all(Array.from({ length: 8 }, () => hostilePost(port, 24 * MiB, false)));
    const peak = peakOf(child.pid ?? 0);
    return { label: 'webhook-body (600 MB declared, 600 MB chunked, 8 × 24 MB at once)', value: `peak RSS ${peak.toFixed(0)} MiB (idle ${before.toFixed(0)} MiB; target < ${TARGET} MiB)` };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `bench/hostile-inputs-child.ts <case>` with the server's flags; it prints its VmHWM in MiB. */
function childCase(name: string, env: Record<string, string> = {}, args: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...SERVER.nodeFlags, join(ROOT, 'bench/hostile-inputs-child.ts'), name, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${name} exited ${code}: ${out}`))));
  });
}

async function configFile(): Promise<Figure> {
  const fake = await startGitHubFake();
  try {
    fake.addInstallation({ id: 1, account: 'bench' });
    fake.addRepo({ owner: 'bench', name: 'svc', installationId: 1, files: { '.github/freshpin.yml': `minimumAge: 1\n${'# padding line of a hostile config file\n'.repeat((30 * MiB) / 40)}` } });
    const out = await childCase('config-file', { FAKE_API: fake.apiUrl, FAKE_TOKEN: fake.createInstallationToken(1) });
    return { label: 'config-file (30 MB .github/freshpin.yml)', value: `${out} (target < ${TARGET} MiB)` };
  } finally {
    await fake.stop();
  }
}

const figures: Figure[] = [];
figures.push(await webhookBody());
async function scanArtifact(): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'freshpin-bench-'));
  try {
    writeArtifacts(dir);
    return { label: 'scan-artifact (overlapping zip, then 3 × 15 MiB Trivy JSON)', value: `${await childCase('scan-artifact', {}, [dir])} (target < ${TARGET} MiB)` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

figures.push(await scanArtifact());
figures.push(await configFile());
printFigures(figures);
