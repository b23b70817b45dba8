// How the server process runs: `npm start` (package.json) is the one place its V8 flags are
// written; the image's CMD, its compile-cache step and the CronJob repeat them. With the
// cache that bin/warm-compile-cache.js builds (as the image does), the server and the CLI
// load without Node's TypeScript stripper.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { afterAll, describe, expect, it } from 'vitest';
import { readServerCommand } from '../helpers/server-command.ts';
import { REPO_ROOT } from './ops-harness.ts';

const server = readServerCommand();
const STRIPPER = 'NativeModule internal/deps/amaro/dist/index';

describe('the server command', () => {
  it('npm start runs bin/freshpin-server.js with heap flags that do not cap the heap', () => {
    expect(server.entryPath).toBe('bin/freshpin-server.js');
    expect(server.nodeFlags).toEqual(['--max-semi-space-size=4', '--heap-growing-percent=25']);
    // A cap would make a large scan artifact an out-of-memory crash.
    expect(server.nodeFlags.some((flag) => /max-old-space|max-heap-size/.test(flag))).toBe(false);
  });

  it("the image's CMD and compile-cache step use the same flags, the cache built as the app's user", () => {
    const dockerfile = DockerfileParser.parse(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
    const instructions = dockerfile.getInstructions();
    const cmd = instructions.filter((i) => i.getKeyword() === 'CMD').at(-1);
    expect(JSON.parse(cmd?.getRawArgumentsContent() ?? '[]')).toEqual(['node', ...server.nodeFlags, server.entryPath]);
    const warm = instructions.find((i) => i.getKeyword() === 'RUN' && (i.getRawArgumentsContent() ?? '').includes('bin/warm-compile-cache.js'));
    const words = (warm?.getRawArgumentsContent() ?? '').replace(/\\\n/g, ' ').split(/\s+/);
    expect(words.join(' ')).toContain(['setpriv --reuid=10001 --regid=10001 --clear-groups node', ...server.nodeFlags, 'bin/warm-compile-cache.js'].join(' '));
    // Node writes the cache files 0600 (see below): root-owned, they must be opened to everyone, or the app cannot read them.
    expect(words.join(' ')).toContain('chown -R root:root /app/.node-compile-cache && chmod -R a=rX /app/.node-compile-cache');
    const user = instructions.filter((i) => i.getKeyword() === 'USER').at(-1);
    expect(user?.getRawArgumentsContent()).toBe('10001:10001');
  });
});

describe('the compile cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'freshpin-compile-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, NODE_COMPILE_CACHE: dir };
  const loaded = (modules: string[]) => {
    const script = `for (const m of ${JSON.stringify(modules)}) await import(m); process.stdout.write(JSON.stringify(process.moduleLoadList))`;
    const run = spawnSync(process.execPath, [...server.nodeFlags, '--input-type=module', '-e', script], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as string[];
  };
  const modules = ['bin/prepare-node.js', 'src/app/main.ts', 'src/app/start-server.ts', 'src/cli/main.ts', 'src/cli/cycle-command.ts'].map((path) => join(REPO_ROOT, path));

  it('once warmed, serves every module of the server and the CLI: the TypeScript stripper is never loaded', () => {
    expect(loaded(modules)).toContain(STRIPPER); // cold: Node strips the types itself
    rmSync(dir, { recursive: true, force: true });
    const warm = spawnSync(process.execPath, [...server.nodeFlags, 'bin/warm-compile-cache.js'], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    expect(warm.status, warm.stderr).toBe(0);
    expect(warm.stdout).toContain(`compile cache written to ${dir}`);
    expect(loaded(modules)).not.toContain(STRIPPER);
  });

  it('is written readable by its owner only (why the image opens it up after building it)', () => {
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) expect(statSync(join(file.parentPath, file.name)).mode & 0o044).toBe(0);
  });
});
