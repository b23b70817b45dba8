// `freshpin check --json` as a user runs it, against hostile registries on loopback
// (issue 11): a gzip bomb tag list (finding 3), a registry with credentials that redirects
// to another origin whose 401 names its own realm (finding 8), a plain-http mirror with
// credentials (finding 9), and a loopback registry with an http token realm, which the CLI
// must keep reaching (finding 7 is the app's rule, not the CLI's).
import { spawn } from 'node:child_process';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/core/report/build-check-report.ts';
import type { HostileRegistry } from '../helpers/start-hostile-registry.ts';
import { gzipBomb, sendGzip, startHostileRegistry } from '../helpers/start-hostile-registry.ts';
import { SOURCE_CONDITION } from '../helpers/server-command.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = '2026-11-29';

let work: string;
const listeners: HostileRegistry[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'freshpin-hostile-'));
});

afterAll(async () => {
  await Promise.all(listeners.map((listener) => listener.close()));
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `freshpin check DIR --json` as a subprocess, with `env` on top of a clean registry environment. */
function check(dir: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SOURCE_CONDITION, 'bin/freshpin.js', 'check', dir, '--json'], {
      cwd: ROOT,
      env: { ...process.env, DOCKERHUB_API_URL: 'none', FRESHPIN_NOW: NOW, FRESHPIN_REGISTRY_MIRRORS: '', FRESHPIN_REGISTRY_CREDENTIALS: '', NODE_COMPILE_CACHE: path.join(work, '.cache'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function project(name: string, dockerfile: string): Promise<string> {
  const dir = path.join(work, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

async function listen(handler: Parameters<typeof startHostileRegistry>[0]): Promise<HostileRegistry> {
  const listener = await startHostileRegistry(handler);
  listeners.push(listener);
  return listener;
}

/** The one pin's failure reason (a pin whose registry failed is reported with status "error"; the run still exits 0). */
function reasonOf(run: Run): string {
  const report = JSON.parse(run.stdout) as CheckReport;
  expect(report.pins.map((pin) => pin.status)).toEqual(['error']);
  return report.pins[0]?.reason ?? '';
}

describe('freshpin check against hostile registries', () => {
  it('aborts a gzip-bomb tag list past the 8 MiB decoded cap, with a clear reason', async () => {
    const bomb = await gzipBomb(64 * 1024 * 1024);
    const registry = await listen((request, response) => {
      if (request.url?.startsWith('/v2/acme/base/tags/list')) sendGzip(response, bomb);
      else response.writeHead(404).end();
    });
    const run = await check(await project('bomb', `FROM ${registry.host}/acme/base:stable-20250101\n`));
    expect(run.code, run.stderr).toBe(0);
    expect(reasonOf(run)).toMatch(/tags\/list: answered a body larger than 8 MiB \(decoded\); read aborted/);
    // Not retried: a body over its cap is final.
    expect(registry.requests.filter((r) => r.url.includes('tags/list'))).toHaveLength(1);
  });

  it('sends no credentials to the realm of another origin a registry redirected to', async () => {
    const other = await listen((request, response, self) => {
      if (request.url?.startsWith('/token')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"other-token"}');
      } else if (request.headers.authorization === undefined) {
        response.writeHead(401, { 'www-authenticate': `Bearer realm="${self.url}/token",service="other",scope="repository:acme/base:pull"` }).end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"tags":["stable-20250101","stable-20250201"]}');
      }
    });
    const origin = await listen((request, response) => {
      response.writeHead(302, { location: `${other.url}${request.url ?? '/'}` }).end();
    });
    const run = await check(await project('redirect', `FROM ${origin.host}/acme/base:stable-20250101\n`), {
      FRESHPIN_REGISTRY_CREDENTIALS: `${origin.host}=alice:s3cret-of-origin`,
    });
    expect(other.requests.filter((r) => r.authorization?.startsWith('Basic'))).toEqual([]);
    expect(other.requests.some((r) => r.url.startsWith('/token'))).toBe(false);
    expect(run.code, run.stderr).toBe(0);
    expect(reasonOf(run)).toMatch(/was redirected to http:\/\/127\.0\.0\.1:\d+, which asks for authentication/);
    expect(run.stdout + run.stderr).not.toContain('s3cret');
  });

  it('does not hand the token fetched with A’s credentials to E, whose 401 names A’s realm and scope', async () => {
    const basic = `Basic ${Buffer.from('alice:a-secret').toString('base64')}`;
    const index = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'2'.repeat(64)}`, size: 1, platform: { os: 'linux', architecture: 'amd64' } }] });
    /** A registry serving acme/base:stable-20250101 to requests carrying `accepts` tokens, else answering 401 with `challenge`. */
    const serve = (accepts: (auth: string | undefined) => boolean, challenge: () => string) => (request: IncomingMessage, response: ServerResponse) => {
      const url = request.url ?? '';
      if (url.startsWith('/token')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: request.headers.authorization === basic ? 'private-a' : 'anonymous' }));
      } else if (!accepts(request.headers.authorization)) {
        response.writeHead(401, { 'www-authenticate': challenge() }).end();
      } else if (url.includes('/tags/list')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"tags":["stable-20250101"]}');
      } else if (url.includes('/manifests/')) {
        response.writeHead(200, { 'content-type': 'application/vnd.oci.image.index.v1+json', 'docker-content-digest': `sha256:${'1'.repeat(64)}` }).end(request.method === 'HEAD' ? undefined : index);
      } else {
        response.writeHead(404).end();
      }
    };
    let aChallenge = '';
    const a = await listen(serve((auth) => auth === 'Bearer private-a', () => aChallenge));
    aChallenge = `Bearer realm="${a.url}/token",service="a",scope="repository:acme/base:pull"`;
    const e = await listen(serve((auth) => auth?.startsWith('Bearer ') === true, () => aChallenge));
    const run = await check(await project('realm', `FROM ${a.host}/acme/base:stable-20250101 AS a\nFROM ${e.host}/acme/base:stable-20250101\n`), {
      FRESHPIN_REGISTRY_CREDENTIALS: `${a.host}=alice:a-secret`,
    });
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(e.requests.filter((r) => r.authorization === 'Bearer private-a')).toEqual([]);
    expect(e.requests.some((r) => r.authorization === 'Bearer anonymous')).toBe(true);
    expect(report.pins.map((pin) => [pin.name, pin.status === 'error' ? pin.reason : 'ok'])).toEqual([
      [`${a.host}/acme/base`, 'ok'],
      [`${e.host}/acme/base`, 'ok'],
    ]);
  });

  it('refuses a plain-http mirror on another host when it has credentials, before any request', async () => {
    const run = await check(await project('http-mirror', 'FROM debian:bookworm-20251020-slim\n'), {
      FRESHPIN_REGISTRY_MIRRORS: 'docker.io=http://mirror.example.com:5000',
      FRESHPIN_REGISTRY_CREDENTIALS: 'mirror.example.com:5000=bob:hunter2',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/registry mirror for docker\.io \(mirror\.example\.com:5000\) is plain http and has credentials/);
    expect(run.stderr).not.toContain('hunter2');
  });

  it('keeps reaching a loopback registry with an http token realm and credentials (the CLI has no address guard)', async () => {
    const registry = await listen((request, response, self) => {
      if (request.url?.startsWith('/token')) {
        const ok = request.headers.authorization === `Basic ${Buffer.from('carol:pw').toString('base64')}`;
        response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(ok ? '{"token":"t1"}' : '{}');
      } else if (request.headers.authorization !== 'Bearer t1') {
        response.writeHead(401, { 'www-authenticate': `Bearer realm="${self.url}/token",service="local",scope="repository:acme/base:pull"` }).end();
      } else if (request.url?.startsWith('/v2/acme/base/tags/list')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"tags":["stable-20250101","stable-20250201"]}');
      } else {
        response.writeHead(404).end();
      }
    });
    const run = await check(await project('loopback', `FROM ${registry.host}/acme/base:stable-20250101\n`), {
      FRESHPIN_REGISTRY_CREDENTIALS: `${registry.host}=carol:pw`,
    });
    const report = JSON.parse(run.stdout) as CheckReport;
    expect(report.pins.map((pin) => pin.status)).not.toContain('error');
    expect(registry.requests.some((r) => r.url.startsWith('/token') && r.authorization?.startsWith('Basic'))).toBe(true);
  });
});
