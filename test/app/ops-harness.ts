// Test helpers for the operations tests: free loopback ports, a real RSA key, the server
// process (as `npm start` runs it: bin/freshpin-server.js with its V8 flags) spawned with a given environment and its JSON log lines
// captured, and small HTTP and Prometheus-text helpers.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readServerCommand, SOURCE_CONDITION } from '../helpers/server-command.ts';
export { freePort } from '../helpers/free-port.ts';

const SERVER = readServerCommand();
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));


let cachedKey: string | undefined;

/** A real 2048-bit RSA private key (PKCS#1 PEM, as GitHub hands them out), made once per file. */
export function rsaKeyPem(): string {
  cachedKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return cachedKey;
}

/** A temporary directory (the spawned server's cwd: no stray `.env` is read), removed by `cleanup`. */
export function tempDir(files: Record<string, string> = {}): { dir: string; path(name: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'freshpin-ops-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment a spawned server gets: only what is given, plus PATH (nothing leaks in from the test run). */
export function isolatedEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

export type LogRecord = Record<string, unknown> & { msg?: string; level?: number; time?: number };

export interface SpawnedMain {
  child: ChildProcess;
  /** Every stdout line parsed as JSON (lines that are not JSON are kept as `{ raw }`). */
  records: LogRecord[];
  stdout(): string;
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves with the first record (already seen or to come) matching; rejects after `timeoutMs`. */
  waitFor(match: (record: LogRecord) => boolean, what: string, timeoutMs?: number): Promise<LogRecord>;
  /** SIGKILL if still running. */
  kill(): void;
}

/** Spawns the server as `npm start` does, `node <flags> bin/freshpin-server.js [...args]`, with Node 24 (the test runner's own binary), on the TypeScript sources. */
export function spawnMain(env: Record<string, string>, options: { cwd: string; args?: string[] }): SpawnedMain {
  // Servers started side by side would all want the default metrics port: off unless a test asks for it.
  const childEnv = { METRICS_PORT: 'off', ...env };
  const child = spawn(process.execPath, [...SERVER.nodeFlags, SOURCE_CONDITION, SERVER.entry, ...(options.args ?? [])], { cwd: options.cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const records: LogRecord[] = [];
  const waiters = new Set<{ match: (record: LogRecord) => boolean; resolve: (record: LogRecord) => void }>();
  let out = '';
  let err = '';
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        record = { raw: line };
      }
      records.push(record);
      for (const waiter of waiters) {
        if (waiter.match(record)) {
          waiters.delete(waiter);
          waiter.resolve(record);
        }
      }
    }
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  return {
    child,
    records,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(match, what, timeoutMs = 15_000) {
      const seen = records.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (record: LogRecord) => {
            clearTimeout(timer);
            resolve(record);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`timed out waiting for ${what}\nstdout:\n${out.slice(-4000)}\nstderr:\n${err.slice(-2000)}`));
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then(() => {
          if (!waiters.has(waiter)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          reject(new Error(`the server exited before ${what}\nstdout:\n${out.slice(-4000)}\nstderr:\n${err.slice(-2000)}`));
        });
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

export interface HttpAnswer {
  status: number;
  type: string;
  body: string;
}

/** One HTTP request on loopback; a refused connection is status 0. */
export async function http(url: string, init: RequestInit = {}): Promise<HttpAnswer> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
  } catch {
    return { status: 0, type: '', body: '' };
  }
}

/** Polls `url` until it answers at all (any status), for a server that is starting. */
export async function waitUntilListening(url: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await http(url)).status !== 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** The value of one sample in Prometheus text format (labels matched exactly, in any order); undefined when absent. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(',');
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const have = (m[2] ?? '')
      .split(/,(?=[a-zA-Z_]\w*=")/)
      .filter((part) => part !== '')
      .sort()
      .join(',');
    if (have === wanted) return Number(m[3]);
  }
  return undefined;
}
