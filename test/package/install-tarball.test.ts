// The package as users get it: `npm pack` (which compiles dist/ through `prepare`), installed
// with `npm install <tarball>` into a fresh project outside this checkout, then `npx freshpin`
// there with Node 24: `check --json` and `--write` on an ARG-coupled Dockerfile against
// Debian's docker-registry on loopback, `report` on a Trivy file, `cycle` against the GitHub
// fake (its onboarding PR reads the package's templates). An older Node gets one line.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/core/report/build-check-report.ts';
import type { GitHubFake } from '../fakes/github/index.ts';
import { startGitHubFake } from '../fakes/github/index.ts';
import { rsaKeyPem } from '../app/ops-harness.ts';
import { seedPhoenixRegistry } from '../helpers/seed-phoenix-registry.ts';
import type { RunningRegistry } from '../helpers/start-docker-registry.ts';
import { startDockerRegistry } from '../helpers/start-docker-registry.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRIVY = fileURLToPath(new URL('../fixtures/scanners/trivy-debian-buster.json', import.meta.url));
/** Node 24, the test runner's own binary (the project's `node` devDependency), first on PATH. */
const PATH_24 = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
/** An older Node on this machine, if there is one (Debian's). */
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((file) => existsSync(file));
const ELIXIR = 'hexpm/elixir:1.18.4-erlang-27.2.4-debian-';

/** An ARG-coupled Dockerfile: one Debian date feeds the builder (hexpm/elixir) and the runner. */
const DOCKERFILE = [
  'ARG DEBIAN_VERSION=bullseye-20250520-slim',
  `FROM ${ELIXIR}\${DEBIAN_VERSION} AS build`,
  'RUN mix release',
  'FROM debian:${DEBIAN_VERSION}',
  'COPY --from=build /app /app',
  '',
].join('\n');

const run = promisify(execFile);
let registry: RunningRegistry;
let work: string;
let project: string;
let packed: { files: { path: string }[] };

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'freshpin-package-'));
  project = path.join(work, 'project');
  registry = await startDockerRegistry();
  const seeding = seedPhoenixRegistry(registry.url);
  const env = { ...process.env, PATH: PATH_24 };
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, env, maxBuffer: 16 << 20 });
  // Lifecycle output (the build) may precede the JSON.
  [packed] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [typeof packed];
  const tarball = path.join(work, (packed as unknown as { filename: string }).filename);
  await mkdir(project);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'someone-elses-project', private: true }));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project, env, maxBuffer: 16 << 20 });
  await seeding;
}, 300_000);

afterAll(async () => {
  await registry?.stop();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npx freshpin ARGS` in the installed project, with Node 24 first on PATH (or `pathValue`). */
async function freshpin(args: string[], env: Record<string, string> = {}, pathValue = PATH_24): Promise<Run> {
  try {
    const { stdout, stderr } = await run('npx', ['--no-install', 'freshpin', ...args], {
      cwd: project,
      env: { ...process.env, PATH: pathValue, DOCKERHUB_API_URL: 'none', FRESHPIN_NOW: '2026-11-29', FRESHPIN_REGISTRY_MIRRORS: '', ...env },
      maxBuffer: 16 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('the npm package', () => {
  it('holds the compiled JavaScript, templates, schema, app.yml and README: no sources, tests or fixtures', () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'app.yml', 'bin/freshpin.js', 'bin/freshpin-server.js', 'bin/run-node.sh', 'dist/cli/main.js', 'dist/app/main.js', 'templates/freshpin.yml', 'templates/freshpin-scan.yml', 'schema/freshpin.schema.json']));
    expect(files.filter((file) => /^(src|test|bench|scripts|examples|deploy|docs)\/|\.ts$|fixtures/.test(file))).toEqual([]);
  });

  it('installs with its dependencies only and without this checkout: no TypeScript sources to strip', () => {
    const installed = path.join(project, 'node_modules/freshpin');
    expect(existsSync(path.join(installed, 'dist/cli/main.js'))).toBe(true);
    expect(existsSync(path.join(installed, 'src'))).toBe(false);
    expect(existsSync(path.join(project, 'node_modules/probot'))).toBe(true);
    expect(existsSync(path.join(project, 'node_modules/vitest'))).toBe(false);
  });
});

describe('npx freshpin in another project', () => {
  it('check --json proposes the newest Debian date both images of the coupled ARG have', async () => {
    await writeFile(path.join(project, 'Dockerfile'), DOCKERFILE);
    const result = await freshpin(['check', '.', '--json', '--mirror', `docker.io=${registry.url}`]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(result.stdout) as CheckReport;
    expect(report.errors).toEqual([]);
    expect(report.pins).toEqual([expect.objectContaining({ file: 'Dockerfile', line: 1, name: 'DEBIAN_VERSION', kind: 'arg', current: 'bullseye-20250520-slim', status: 'update' })]);
    // The Debian release table ships in the package.
    expect(report.pins[0]?.eol).toEqual({ codename: 'bullseye', ended: '2026-08-31' });
    expect(report.updates).toEqual([expect.objectContaining({ file: 'Dockerfile', name: 'DEBIAN_VERSION', current: 'bullseye-20250520-slim', proposed: 'bullseye-20250610-slim' })]);
    expect(report.updates[0]?.images.map((image) => [image.ref, image.proposed])).toEqual([
      [`${ELIXIR}bullseye-20250520-slim`, `${ELIXIR}bullseye-20250610-slim`],
      ['debian:bullseye-20250520-slim', 'debian:bullseye-20250610-slim'],
    ]);
  });

  it('check --write rewrites the ARG', async () => {
    const dir = path.join(project, 'write-case');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'Dockerfile'), DOCKERFILE);
    const result = await freshpin(['check', 'write-case', '--write', '--mirror', `docker.io=${registry.url}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(DOCKERFILE.replace('bullseye-20250520-slim', 'bullseye-20250610-slim'));
  });

  it('report renders a Trivy result', async () => {
    await cp(TRIVY, path.join(project, 'trivy.json'));
    const result = await freshpin(['report', '--head', 'trivy.json']);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain('<!-- freshpin:scan ');
  });

  it('cycle runs a pass against GitHub, onboarding a repository with the packaged templates', async () => {
    const fake: GitHubFake = await startGitHubFake();
    try {
      fake.addInstallation({ id: 7, account: 'acme' });
      fake.addRepo({ owner: 'acme', name: 'svc', installationId: 7, files: { Dockerfile: 'FROM debian:bullseye-20250520-slim\n' } });
      await writeFile(path.join(project, 'app.pem'), rsaKeyPem());
      const result = await freshpin(['cycle'], {
        APP_ID: '4242',
        PRIVATE_KEY_PATH: path.join(project, 'app.pem'),
        WEBHOOK_SECRET: 'x',
        GHE_HOST: new URL(fake.url).host,
        GHE_PROTOCOL: 'http',
        FRESHPIN_REGISTRY_MIRRORS: `docker.io=${registry.url}`,
        LOG_LEVEL: 'warn',
      });
      expect(result.code, result.stderr + result.stdout).toBe(0);
      expect(result.stderr).toContain('freshpin: pass over 1 repositories in 1 installations, 0 failed');
      const onboarding = fake.requests.find((request) => request.method === 'POST' && request.path === '/repos/acme/svc/pulls');
      expect(onboarding).toBeDefined();
    } finally {
      await fake.stop();
    }
  });

  it.runIf(OLD_NODE !== undefined)('refuses an older Node with one line', async () => {
    const oldPath = `${path.dirname(OLD_NODE ?? '')}${path.delimiter}${process.env.PATH ?? ''}`;
    const { stdout: version } = await run(OLD_NODE ?? 'node', ['--version']);
    if (Number(version.slice(1).split('.')[0]) >= 24) return;
    const result = await freshpin(['--help'], {}, oldPath);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`freshpin: needs Node.js 24 or newer (this is ${version.trim()})\n`);
  });
});
