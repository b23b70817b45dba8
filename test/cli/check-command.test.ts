// `freshpin check` on bad input, in-process through main(argv, io) with captured streams:
// every failure to run is a non-zero exit and one line on stderr naming the problem.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { main } from '../../src/cli/main.ts';
import { createProgressReporter } from '../../src/cli/progress-reporter.ts';
import { readNow } from '../../src/settings/read-runtime-settings.ts';
import type { CheckReport } from '../../src/core/report/build-check-report.ts';

let work: string;
/** A loopback port that was bound and closed again: connections are refused. */
let closedPort: number;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'freshpin-check-cli-'));
  closedPort = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
});

afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

let fixtures = 0;

async function fixture(files: Record<string, string>): Promise<string> {
  const dir = path.join(work, `case-${++fixtures}`);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

/** Runs `freshpin ARGV` with a registry mirror that refuses connections and no Docker Hub API. */
async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { DOCKERHUB_API_URL: 'none', FRESHPIN_NOW: '2026-11-29', FRESHPIN_REGISTRY_MIRRORS: `docker.io=http://127.0.0.1:${closedPort}`, ...env },
    cwd: work,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A failure: a non-zero exit and exactly one line on stderr, matching `pattern`. */
function expectOneLine(result: { code: number; stderr: string }, code: number, pattern: RegExp) {
  expect(result.code).toBe(code);
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
}

const UNMANAGED = 'FROM alpine:3.20\n';

describe('freshpin check cannot run', () => {
  it('names a missing DIR', async () => {
    const result = await run(['check', 'no/such/dir']);
    expectOneLine(result, 2, /^freshpin: directory not found: .*no\/such\/dir$/m);
    expect(result.stdout).toBe('');
  });

  it('names a DIR that is a file', async () => {
    const dir = await fixture({ Dockerfile: UNMANAGED });
    expectOneLine(await run(['check', path.join(dir, 'Dockerfile')]), 2, /^freshpin: not a directory: .*Dockerfile$/m);
  });

  it.each([
    ['minimumAge: "7d"\n', /invalid config .*freshpin\.yml: minimumAge: /],
    ['minimumAge: 1.5\n', /minimumAge: must be a whole number of days/],
    ['minimumAge: -1\n', /minimumAge: /],
    ['colour: blue\n', /unknown key: colour/],
    ['scan:\n  failOn: SEVERE\n', /scan\.failOn: /],
    ['scan:\n  workflow: scan.sh\n', /scan\.workflow: must be a workflow file name/],
    ['scan:\n  gate: HIGH\n', /unknown key in scan: gate/],
    ['platforms: [amd64]\n', /platforms\.0: must look like os\/arch/],
    ['ignore: stable-1\n', /ignore: /],
    ['paths: [\n', /not valid YAML/],
    ['paths: ["**/@(a|b)/Dockerfile"]\n', /paths\.0: the glob .* uses an extglob pattern .* which freshpin does not support/],
    [`paths: ["${'*'.repeat(300)}"]\n`, /paths\.0: .*at most 256/],
  ])('names the key of an invalid config: %j', async (config, pattern) => {
    const dir = await fixture({ Dockerfile: UNMANAGED, '.github/freshpin.yml': config });
    const result = await run(['check', dir]);
    expectOneLine(result, 2, pattern);
    expect(result.stdout).toBe('');
  });

  it('matches a glob that is exponential for a backtracking matcher, at once (*a×12 then *b)', async () => {
    const evil = `${'*a'.repeat(12)}*b`;
    const dir = await fixture({ [`${'a'.repeat(40)}`]: 'FROM debian:bookworm\n', Dockerfile: UNMANAGED, '.github/freshpin.yml': `paths: ["${evil}"]\n` });
    const result = await run(['check', dir, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as CheckReport).pins).toEqual([]);
  });

  it('refuses a config over 1 MiB before reading it', async () => {
    const dir = await fixture({ Dockerfile: UNMANAGED, '.github/freshpin.yml': `minimumAge: 1\n#${'x'.repeat(1024 * 1024)}\n` });
    expectOneLine(await run(['check', dir]), 2, /^freshpin: config .*freshpin\.yml is 1048592 bytes: freshpin reads config files of at most 1048576 bytes \(1 MiB\)$/m);
  });

  it('names a --config FILE that cannot be read', async () => {
    const dir = await fixture({ Dockerfile: UNMANAGED });
    expectOneLine(await run(['check', dir, '--config', 'missing.yml']), 2, /^freshpin: cannot read config .*missing\.yml: ENOENT$/m);
  });

  it('says when every registry is unreachable', async () => {
    const dir = await fixture({ Dockerfile: 'FROM acme/app:v1-20250101\n' });
    const result = await run(['check', dir, '--json', '--mirror', `docker.io=http://127.0.0.1:${closedPort}`]);
    expectOneLine(result, 1, /^freshpin: every registry was unreachable \(docker\.io: .*ECONNREFUSED.*\)\n$/);
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.pins.map((pin) => pin.status)).toEqual(['error']);
  }, 30_000);

  it.each([
    [['check', '.', '--now', 'tomorrow'], /invalid --now \/ FRESHPIN_NOW "tomorrow": expected YYYY-MM-DD/],
    [['check', '.', '--now', '2026-02-30'], /"2026-02-30"/],
    [['check', '.', '--now', '1'], /"1"/],
    [['check', '.', '--bogus'], /Unknown option '--bogus'/],
    [['check', '.', '--json=yes'], /--json/],
    [['check', '.', '--mirror'], /--mirror/],
    [['check', 'a', 'b'], /check takes one DIR, got 2/],
    [['check', '.', '--mirror', 'docker.io'], /REGISTRY=URL|docker\.io/],
    [['chekc', '.'], /unknown command "chekc"/],
  ])('rejects %j as a usage error', async (argv, pattern) => {
    expectOneLine(await run(argv), 2, pattern);
  });

  it.each([
    [{ FRESHPIN_NOW: '29/11/2026' }, /FRESHPIN_NOW "29\/11\/2026"/],
    [{ DOCKERHUB_API_URL: 'hub.docker.com' }, /invalid DOCKERHUB_API_URL "hub\.docker\.com"/],
  ])('rejects bad environment %j as a usage error', async (env, pattern) => {
    expectOneLine(await run(['check', '.'], env), 2, pattern);
  });
});

describe('freshpin check runs', () => {
  it('reports an unparsable Dockerfile by file and line and exits 0 for the rest', async () => {
    const dir = await fixture({ Dockerfile: UNMANAGED, 'broken/app.Dockerfile': 'RUN echo before any FROM\nFROM alpine:3.20\n' });
    const result = await run(['check', dir, '--json']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.errors).toEqual([{ file: 'broken/app.Dockerfile', message: 'broken/app.Dockerfile:1: line 1: RUN before the first FROM' }]);
    expect(report.pins).toEqual([
      { file: 'Dockerfile', line: 1, name: 'alpine:3.20', kind: 'from', current: 'alpine:3.20', status: 'unmanaged', feeds: ['alpine:3.20'], reason: expect.any(String) },
    ]);
  });

  it('prints the text report of a directory without dated pins', async () => {
    const dir = await fixture({ Dockerfile: UNMANAGED });
    const result = await run(['check', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^FILE:LINE\s+PIN\s+CURRENT\s+STATUS\s+PROPOSED \/ WHY\nDockerfile:1\s+alpine:3\.20\s+alpine:3\.20\s+unmanaged\s+\S/);
    expect(result.stdout.trimEnd().endsWith('Nothing to change.')).toBe(true);
  });

  it('checks the working directory when DIR is left out', async () => {
    const result = await run(['check', '--json', '--config', path.join(await fixture({ 'c.yml': 'paths: [none]\n' }), 'c.yml')]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ pins: [], updates: [], errors: [] });
  });
});

describe('readNow', () => {
  const clock = () => new Date('2000-01-01T00:00:00Z');
  it.each([
    ['2026-11-29', '2026-11-29T00:00:00.000Z'],
    ['2026-11-29T10:30:00Z', '2026-11-29T10:30:00.000Z'],
    ['2026-11-29T10:30+02:00', '2026-11-29T08:30:00.000Z'],
    ['', '2000-01-01T00:00:00.000Z'],
  ])('reads %j', (text, iso) => {
    expect(readNow(undefined, { FRESHPIN_NOW: text }, clock).toISOString()).toBe(iso);
  });

  it('prefers the flag to the environment', () => {
    expect(readNow('2026-01-02', { FRESHPIN_NOW: '2026-11-29' }, clock).toISOString()).toBe('2026-01-02T00:00:00.000Z');
  });

  it.each(['1', 'May 5', '2026-02-30', '2026-11-29T10:30', '2026-11-29 10:30Z', '20261129'])('rejects %j', (text) => {
    expect(() => readNow(text, {}, clock)).toThrow(/expected YYYY-MM-DD/);
  });
});

describe('progress on stderr', () => {
  it.each([
    [true, 1],
    [false, 0],
    [undefined, 0],
  ])('prints after a moment only on a terminal (isTTY %s)', async (isTTY, lines) => {
    vi.useFakeTimers();
    try {
      const written: string[] = [];
      const progress = createProgressReporter({ write: (text: string) => written.push(text), isTTY }, () => Date.now());
      progress.onRequest();
      progress.onProgress({ done: 1, total: 3 });
      await vi.advanceTimersByTimeAsync(1_500);
      progress.stop();
      expect(written).toHaveLength(lines);
      if (lines > 0) expect(written[0]).toBe('freshpin: planned 1/3 pins, 1 registry requests, 1s\n');
    } finally {
      vi.useRealTimers();
    }
  });
});
