// `freshpin check` end to end: the real CLI as a subprocess, against Debian's
// docker-registry on loopback seeded with the Phoenix world and a few extra images,
// docker.io mirrored to it and the Docker Hub API switched off.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/core/report/build-check-report.ts';
import { phoenixSeedSpecs } from '../helpers/seed-phoenix-registry.ts';
import type { SeedImageSpec } from '../helpers/seed-registry.ts';
import { seedImages } from '../helpers/seed-registry.ts';
import type { RunningRegistry } from '../helpers/start-docker-registry.ts';
import { SOURCE_CONDITION } from '../helpers/server-command.ts';
import { startDockerRegistry } from '../helpers/start-docker-registry.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PHOENIX = path.join(ROOT, 'examples/phoenix/Dockerfile');
const NOW = '2026-11-29';
const MULTI = ['linux/amd64', 'linux/arm64/v8'];
const ELIXIR = 'hexpm/elixir:1.18.4-erlang-27.2.4-debian-';

const EXTRA: SeedImageSpec[] = [
  // A platform shrink: 20250301 dropped arm64.
  ...['v2-20250101', 'v2-20250201'].map((tag) => ({ repository: 'acme/runtime', tag, platforms: MULTI })),
  { repository: 'acme/runtime', tag: 'v2-20250301', platforms: ['linux/amd64'] },
  { repository: 'acme/tool', tag: 't-20250101', platforms: MULTI, format: 'docker' as const },
  { repository: 'acme/tool', tag: 't-20250301', platforms: ['linux/amd64'] },
  // Recent dates, for minimumAge and ignore.
  ...['20261101', '20261110', '20261120', '20261127'].map((date) => ({ repository: 'acme/base', tag: `stable-${date}` })),
];

let registry: RunningRegistry;
let digests: Map<string, string>;
let work: string;

beforeAll(async () => {
  registry = await startDockerRegistry();
  const specs = [...phoenixSeedSpecs(), ...EXTRA];
  const pushed = await seedImages(registry.url, specs);
  digests = new Map(specs.map((spec, i) => [`${spec.repository}:${spec.tag}`, pushed[i] ?? '']));
  work = await mkdtemp(path.join(tmpdir(), 'freshpin-check-e2e-'));
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `freshpin check ARGS --mirror docker.io=<registry>` as a subprocess, at a fixed date; `mirrorFlag: false` leaves the flag out. */
function check(args: string[], env: Record<string, string> = {}, { mirrorFlag = true } = {}): Promise<Run> {
  const mirror = mirrorFlag ? ['--mirror', `docker.io=${registry.url}`] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SOURCE_CONDITION, 'bin/freshpin.js', 'check', ...args, ...mirror], {
      cwd: ROOT,
      env: { ...process.env, DOCKERHUB_API_URL: 'none', FRESHPIN_NOW: NOW, FRESHPIN_REGISTRY_MIRRORS: '', ...env },
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

/** Runs with --json and parses the report; fails on a non-zero exit or anything on stderr. */
async function checkJson(dir: string, ...flags: string[]): Promise<CheckReport> {
  const run = await check([dir, '--json', ...flags]);
  expect({ code: run.code, stderr: run.stderr }, run.stderr).toEqual({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as CheckReport;
}

let fixtures = 0;

/** A fresh directory under the work dir holding `files` (path → text). */
async function fixture(files: Record<string, string>): Promise<string> {
  const dir = path.join(work, `case-${++fixtures}`);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

async function phoenixFixture(extra: Record<string, string> = {}): Promise<string> {
  const dir = await fixture(extra);
  await cp(PHOENIX, path.join(dir, 'Dockerfile'));
  return dir;
}

/** Bytes and mtime of every file, to prove nothing was written. */
async function snapshot(dir: string, files: string[]) {
  return Promise.all(files.map(async (file) => ({ file, bytes: await readFile(path.join(dir, file)), mtime: (await stat(path.join(dir, file))).mtimeMs })));
}

const digestOf = (ref: string) => {
  const digest = digests.get(ref);
  if (digest === undefined || digest === '') throw new Error(`not seeded: ${ref}`);
  return digest;
};

describe('freshpin check on the Phoenix Dockerfile', () => {
  it('proposes the newest date hexpm/elixir has, naming hexpm for the newer Debian dates', async () => {
    const report = await checkJson(await phoenixFixture());
    expect(report.errors).toEqual([]);
    expect(report.pins).toHaveLength(1);
    const [pin] = report.pins;
    expect(pin).toMatchObject({
      file: 'Dockerfile',
      line: 4,
      name: 'DEBIAN_VERSION',
      kind: 'arg',
      current: 'bullseye-20250520-slim',
      status: 'update',
      feeds: [`${ELIXIR}bullseye-20250520-slim`, 'debian:bullseye-20250520-slim'],
    });
    const [update] = report.updates;
    expect(report.updates).toHaveLength(1);
    expect(update).toMatchObject({ file: 'Dockerfile', line: 4, name: 'DEBIAN_VERSION', current: 'bullseye-20250520-slim', proposed: 'bullseye-20250610-slim' });
    expect(update?.images.map((image) => [image.ref, image.proposed, image.platforms])).toEqual([
      [`${ELIXIR}bullseye-20250520-slim`, `${ELIXIR}bullseye-20250610-slim`, MULTI],
      ['debian:bullseye-20250520-slim', 'debian:bullseye-20250610-slim', MULTI],
    ]);
    expect(update?.skipped).toEqual(
      ['20251117', '20250811', '20250721'].map((date) => ({ value: `bullseye-${date}-slim`, reason: `hexpm/elixir has no 1.18.4-erlang-27.2.4-debian-bullseye-${date}-slim` })),
    );
  });

  it('flags bullseye as end of life, with the migration on trixie (bookworm has no hexpm build)', async () => {
    const [pin] = (await checkJson(await phoenixFixture())).pins;
    expect(pin?.eol).toEqual({ codename: 'bullseye', ended: '2026-08-31' });
    expect(pin?.migration?.proposed).toBe('trixie-20251020-slim');
    expect(pin?.migration?.images.map((image) => image.proposed)).toEqual([`${ELIXIR}trixie-20251020-slim`, 'debian:trixie-20251020-slim']);
  });

  it('proposes the trixie migration with migrate: true, and writes it', async () => {
    const dir = await phoenixFixture({ '.github/freshpin.yml': 'migrate: true\n' });
    const report = await checkJson(dir, '--write');
    expect(report.updates.map((u) => [u.current, u.proposed])).toEqual([['bullseye-20250520-slim', 'trixie-20251020-slim']]);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toContain('ARG DEBIAN_VERSION=trixie-20251020-slim\n');
  });

  it('reads --config FILE from outside DIR, relative to the working directory', async () => {
    const dir = await phoenixFixture();
    await writeFile(path.join(work, 'migrate.yml'), 'migrate: true\n');
    const report = await checkJson(dir, '--config', path.relative(ROOT, path.join(work, 'migrate.yml')));
    expect(report.updates[0]?.proposed).toBe('trixie-20251020-slim');
  });

  it('shows the table, the reasons and a unified diff as text, and writes nothing', async () => {
    const dir = await phoenixFixture();
    const before = await snapshot(dir, ['Dockerfile']);
    const run = await check([dir]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^FILE:LINE\s+PIN\s+CURRENT\s+STATUS\s+PROPOSED \/ WHY$/);
    expect(lines[1]).toMatch(/^Dockerfile:4\s+DEBIAN_VERSION\s+bullseye-20250520-slim\s+update \(EOL\)\s+→ bullseye-20250610-slim$/);
    expect(run.stdout).toContain('  skipped bullseye-20251117-slim: hexpm/elixir has no 1.18.4-erlang-27.2.4-debian-bullseye-20251117-slim\n');
    expect(run.stdout).toContain(
      [
        '⚠ Dockerfile:4 DEBIAN_VERSION: bullseye reached end of life on 2026-08-31',
        '  passed over bookworm: none of 2 bookworm values qualifies; newest bookworm-20251117-slim: hexpm/elixir has no 1.18.4-erlang-27.2.4-debian-bookworm-20251117-slim',
        '  migration candidate: trixie-20251020-slim',
      ].join('\n'),
    );
    expect(run.stdout).toContain('--- a/Dockerfile\n+++ b/Dockerfile\n');
    expect(run.stdout).toContain('\n-ARG DEBIAN_VERSION=bullseye-20250520-slim\n+ARG DEBIAN_VERSION=bullseye-20250610-slim\n');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('Dry run: 1 file would change. Run again with --write to apply.');
    expect(await snapshot(dir, ['Dockerfile'])).toEqual(before);
  });

  it('takes mirrors from FRESHPIN_REGISTRY_MIRRORS too', async () => {
    const dir = await phoenixFixture();
    const run = await check([dir, '--json'], { FRESHPIN_REGISTRY_MIRRORS: `docker.io=${registry.url}` }, { mirrorFlag: false });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as CheckReport).updates[0]?.proposed).toBe('bullseye-20250610-slim');
  });
});

describe('freshpin check on other shapes', () => {
  it('carries the new index digest in a digest-pinned FROM, and --write writes it', async () => {
    const current = digestOf('library/debian:bullseye-20250520-slim');
    const next = digestOf('library/debian:bullseye-20251117-slim');
    const dir = await fixture({ Dockerfile: `FROM debian:bullseye-20250520-slim@${current}\nRUN true\n` });
    const report = await checkJson(dir);
    expect(report.updates).toHaveLength(1);
    // The pin is the tag; the digest beside it follows the proposal.
    expect(report.updates[0]).toMatchObject({ line: 1, current: 'bullseye-20250520-slim', proposed: 'bullseye-20251117-slim' });
    expect(report.updates[0]?.images).toEqual([
      { ref: `debian:bullseye-20250520-slim@${current}`, proposed: `debian:bullseye-20251117-slim@${next}`, digest: next, platforms: MULTI },
    ]);
    await checkJson(dir, '--write');
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(`FROM debian:bullseye-20251117-slim@${next}\nRUN true\n`);
  });

  it('carries the new digest inside an ARG that holds the whole reference', async () => {
    const current = digestOf('library/debian:bullseye-20250520-slim');
    const next = digestOf('library/debian:bullseye-20251117-slim');
    const dir = await fixture({ Dockerfile: `ARG RUNNER_IMAGE="debian:bullseye-20250520-slim@${current}"\nFROM \${RUNNER_IMAGE}\n` });
    const report = await checkJson(dir, '--write');
    expect(report.updates.map((u) => [u.name, u.proposed, u.images.map((image) => image.digest)])).toEqual([
      ['RUNNER_IMAGE', `debian:bullseye-20251117-slim@${next}`, [next]],
    ]);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(`ARG RUNNER_IMAGE="debian:bullseye-20251117-slim@${next}"\nFROM \${RUNNER_IMAGE}\n`);
  });

  it('passes over a newer tag that dropped a platform, and says why', async () => {
    const dir = await fixture({ Dockerfile: 'FROM acme/runtime:v2-20250101 AS run\nFROM acme/tool:t-20250101\n' });
    const report = await checkJson(dir);
    expect(report.updates.map((u) => [u.line, u.proposed, u.skipped])).toEqual([
      [1, 'v2-20250201', [{ value: 'v2-20250301', reason: 'acme/runtime:v2-20250301 lacks linux/arm64' }]],
    ]);
    expect(report.pins.find((pin) => pin.line === 2)).toMatchObject({ status: 'blocked', reason: 'acme/tool:t-20250301 lacks linux/arm64' });
    const text = await check([dir]);
    expect(text.stdout).toContain('skipped v2-20250301: acme/runtime:v2-20250301 lacks linux/arm64');
    expect(text.stdout).toContain('Dockerfile:2 acme/tool blocked: acme/tool:t-20250301 lacks linux/arm64');
  });

  it('honours minimumAge and ignore from .github/freshpin.yml', async () => {
    const dir = await fixture({
      Dockerfile: 'FROM acme/base:stable-20261101\n',
      '.github/freshpin.yml': 'minimumAge: 7\nignore:\n  - stable-20261120\n',
    });
    const report = await checkJson(dir);
    expect(report.updates.map((u) => [u.proposed, u.skipped])).toEqual([
      [
        'stable-20261110',
        [
          { value: 'stable-20261127', reason: 'younger than minimumAge (7 days)' },
          { value: 'stable-20261120', reason: 'ignored by config' },
        ],
      ],
    ]);
    const plain = await checkJson(await fixture({ Dockerfile: 'FROM acme/base:stable-20261101\n' }));
    expect(plain.updates[0]?.proposed).toBe('stable-20261127');
  });

  it('reports an unparsable Dockerfile by file and line, and plans the rest', async () => {
    const dir = await fixture({ Dockerfile: 'FROM acme/base:stable-20261101\n', 'broken/Dockerfile': '# no image\nFROM\n' });
    const report = await checkJson(dir);
    expect(report.errors).toEqual([{ file: 'broken/Dockerfile', message: expect.stringMatching(/^broken\/Dockerfile:2: .*FROM/) }]);
    expect(report.updates.map((u) => [u.file, u.proposed])).toEqual([['Dockerfile', 'stable-20261127']]);
  });
});

describe('freshpin check over several Dockerfiles', () => {
  const FILES = {
    Dockerfile: 'FROM acme/base:stable-20261101\n',
    'docker/app.Dockerfile': 'ARG BASE=bookworm-20251020-slim\nFROM debian:${BASE}\n',
    Containerfile: 'FROM acme/runtime:v2-20250101\n',
    'Dockerfile.dockerignore': 'node_modules\n',
    'node_modules/pkg/Dockerfile': 'FROM acme/base:stable-20261101\n',
    'README.md': 'FROM acme/base:stable-20261101\n',
  };
  const MANAGED = ['Containerfile', 'Dockerfile', 'docker/app.Dockerfile'];
  const AFTER = {
    Dockerfile: 'FROM acme/base:stable-20261127\n',
    'docker/app.Dockerfile': 'ARG BASE=bookworm-20251117-slim\nFROM debian:${BASE}\n',
    Containerfile: 'FROM acme/runtime:v2-20250201\n',
  };

  it('finds the default globs, skipping node_modules and .dockerignore files', async () => {
    const report = await checkJson(await fixture(FILES));
    expect(report.errors).toEqual([]);
    expect(report.pins.map((pin) => [pin.file, pin.line, pin.name, pin.kind, pin.status])).toEqual([
      ['Containerfile', 1, 'acme/runtime', 'from', 'update'],
      ['Dockerfile', 1, 'acme/base', 'from', 'update'],
      ['docker/app.Dockerfile', 1, 'BASE', 'arg', 'update'],
    ]);
  });

  it('follows config paths instead of the defaults', async () => {
    const dir = await fixture({ ...FILES, '.github/freshpin.yml': 'paths: ["docker/*.Dockerfile"]\n' });
    expect((await checkJson(dir)).pins.map((pin) => pin.file)).toEqual(['docker/app.Dockerfile']);
  });

  it('writes nothing without --write', async () => {
    const dir = await fixture(FILES);
    const before = await snapshot(dir, Object.keys(FILES));
    expect((await checkJson(dir)).updates).toHaveLength(3);
    expect(await snapshot(dir, Object.keys(FILES))).toEqual(before);
  });

  it('applies with --write, and a second --write changes nothing', async () => {
    const dir = await fixture(FILES);
    const first = await check([dir, '--write']);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Wrote 3 files.');
    for (const file of MANAGED) expect(await readFile(path.join(dir, file), 'utf8')).toBe(AFTER[file as keyof typeof AFTER]);
    expect(await readFile(path.join(dir, 'node_modules/pkg/Dockerfile'), 'utf8')).toBe(FILES['node_modules/pkg/Dockerfile']);

    const written = await snapshot(dir, Object.keys(FILES));
    const second = await checkJson(dir, '--write');
    expect(second.updates).toEqual([]);
    expect(second.pins.map((pin) => pin.status)).toEqual(['blocked', 'up-to-date', 'up-to-date']);
    expect(await snapshot(dir, Object.keys(FILES))).toEqual(written);
  });
});
