// `npm run actions:verify` against real git repositories made here: tags (annotated ones
// peeled), a wrong SHA, a missing tag, an unavailable repository, unknown inputs and a
// composite action's unpinned dependency. And, where the machine has the actions' mirrors, the
// real table.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderResults, verifyActionPins } from '../../scripts/verify-action-pins.ts';

let work: string;
let mirrors: string;
let root: string;
const shas: Record<string, string> = {};

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { encoding: 'utf8' }).trim();
}

function makeRepo(name: string, files: Record<string, string>): string {
  const dir = path.join(mirrors, name.replace('/', '+'), 'repo');
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q');
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'release');
  return git(dir, 'rev-parse', 'HEAD');
}

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'freshpin-verify-'));
  mirrors = path.join(work, 'mirrors');
  root = path.join(work, 'project');
  shas.tool = makeRepo('acme/tool', { 'action.yml': 'name: tool\ninputs:\n  level: {}\nruns:\n  using: node24\n  main: index.js\n', 'sub/action.yml': 'name: sub\ninputs:\n  x: {}\nruns:\n  using: composite\n  steps:\n    - uses: other/dep@v1\n' });
  git(path.join(mirrors, 'acme+tool', 'repo'), 'tag', '-a', 'v1.2.3', '-m', 'annotated');
  shas.light = makeRepo('acme/light', { 'action.yaml': 'name: light\nruns:\n  using: node24\n  main: index.js\n' });
  git(path.join(mirrors, 'acme+light', 'repo'), 'tag', 'v2.0.0');
  mkdirSync(path.join(root, 'templates'), { recursive: true });
  mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
  writeFileSync(
    path.join(root, 'templates', 'freshpin-scan.yml'),
    `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: acme/tool@${shas.tool} # v1.2.3\n        with:\n          level: 1\n          colour: red\n      - uses: acme/tool/sub@${shas.tool} # v1.2.3\n        with:\n          x: 1\n`,
  );
  writeFileSync(path.join(root, '.github', 'workflows', 'ci.yml'), `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: acme/light@${shas.light} # v2.0.0\n`);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('verifyActionPins', () => {
  it('checks each row against its repository and says what is wrong', async () => {
    const rows = [
      { action: 'acme/tool', version: 'v1.2.3', sha: shas.tool! },
      { action: 'acme/light', version: 'v2.0.0', sha: shas.light! },
      { action: 'acme/light', version: 'v2.0.0', sha: 'f'.repeat(40) },
      { action: 'acme/light', version: 'v9.9.9', sha: shas.light! },
      { action: 'acme/absent', version: 'v1.0.0', sha: 'e'.repeat(40) },
    ];
    const results = await verifyActionPins({ mirrors: [mirrors], gitDirs: new Map(), network: false, rows, root });
    expect(results.map((result) => result.status)).toEqual(['ok', 'ok', 'mismatch', 'missing-tag', 'unavailable']);
    expect(results[0]!.notes).toEqual([
      'templates/freshpin-scan.yml:6: acme/tool has no input `colour` at v1.2.3',
      'acme/tool/sub at v1.2.3 runs other/dep@v1, which is not pinned to a commit SHA',
    ]);
    expect(results[1]!.notes).toEqual([]);
    expect(results[2]!.detail).toContain(`v2.0.0 is ${shas.light}`);
    expect(results[4]!.detail).toContain('no local repository for acme/absent');
    const { text, exitCode } = renderResults(results);
    expect(exitCode).toBe(1);
    expect(text).toContain('UNAVAILABLE acme/absent@v1.0.0');
    expect(text).toContain('1 of 5 repositories were unavailable: their rows are NOT verified.');
  });

  it('exits 2 when all that could be checked agrees but a repository was unavailable, 0 when all agree', async () => {
    const good = { action: 'acme/light', version: 'v2.0.0', sha: shas.light! };
    const explicit = new Map([['acme/light', path.join(mirrors, 'acme+light', 'repo')]]);
    expect(renderResults(await verifyActionPins({ mirrors: [], gitDirs: explicit, network: false, rows: [good], root })).exitCode).toBe(0);
    const missing = { action: 'acme/nowhere', version: 'v1.0.0', sha: 'e'.repeat(40) };
    expect(renderResults(await verifyActionPins({ mirrors: [], gitDirs: explicit, network: false, rows: [good, missing], root })).exitCode).toBe(2);
  });

  const MIRRORS = '/work/.mirror';
  it.skipIf(!existsSync(`${MIRRORS}/actions+checkout/repo`))('verifies the real table against the mirrors of this machine', async () => {
    const results = await verifyActionPins({ mirrors: [MIRRORS], gitDirs: new Map(), network: false });
    const checked = results.filter((result) => result.status !== 'unavailable');
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.map((result) => [result.pin.action, result.status, result.notes])).toEqual(checked.map((result) => [result.pin.action, 'ok', []]));
  });
});
